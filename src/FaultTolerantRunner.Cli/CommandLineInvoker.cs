using System.CommandLine;
using FaultTolerantRunner.Cli.Catalog;

namespace FaultTolerantRunner.Cli;

/// <summary>Parses one command line against the node's tree and runs it; parse errors become one usage line.</summary>
public static class CommandLineInvoker
{
    private static readonly InvocationConfiguration Invocation = new() { EnableDefaultExceptionHandler = false };

    public static async Task<int> InvokeAsync(CommandTree tree, string[] args, CancellationToken cancellation = default)
    {
        var parse = tree.Root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            var command = parse.CommandResult.Command;
            var path = command == tree.Root ? "ftr" : $"ftr {string.Join(' ', Path(parse.CommandResult))}";
            var known = command.Subcommands.Count > 0 ? $"; {(command == tree.Root ? "palettes" : "commands")}: {string.Join(", ", command.Subcommands.Select(c => c.Name))}" : "";
            // An unknown word explains more than the "command missing" that follows from it.
            var error = parse.Errors.OrderBy(e => e.Message.StartsWith("Unrecognized", StringComparison.Ordinal) ? 0 : 1).First();
            throw new CliFailure(ExitCodes.Usage, $"{error.Message.TrimEnd('.')}{known}; see: {path} --help");
        }
        return await parse.InvokeAsync(Invocation, cancellation);
    }

    private static IEnumerable<string> Path(System.CommandLine.Parsing.CommandResult result)
    {
        var names = new Stack<string>();
        for (var r = result; r?.Parent is System.CommandLine.Parsing.CommandResult parent; r = parent) names.Push(r.Command.Name);
        return names;
    }
}
