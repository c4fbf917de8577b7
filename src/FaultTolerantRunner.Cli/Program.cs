using FaultTolerantRunner.Cli;
using FaultTolerantRunner.Cli.Catalog;
using FaultTolerantRunner.Cli.Interactive;
using Spectre.Console;

var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Out) });
if (Console.IsOutputRedirected) console.Profile.Width = 240;
try
{
    var (node, rest) = NodeTarget.Split(args);
    using var client = new NodeClient(node, Environment.GetEnvironmentVariable("FTR_API_KEY"));
    var catalog = await client.GetCatalogAsync(CancellationToken.None);
    var runner = new CommandRunner(client, console, Console.Out);
    var tree = new CommandTree(catalog, runner.RunAsync);
    return rest.Length == 0
        ? await new InteractiveSession(tree, node, console).RunAsync()
        : await CommandLineInvoker.InvokeAsync(tree, rest);
}
catch (CliFailure failure)
{
    await Console.Error.WriteLineAsync("ftr: " + failure.Message);
    return failure.ExitCode;
}
