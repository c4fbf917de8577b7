using System.CommandLine.Parsing;
using FaultTolerantRunner.Cli.Catalog;
using FaultTolerantRunner.Commands;
using Spectre.Console;

namespace FaultTolerantRunner.Cli.Interactive;

/// <summary><c>ftr</c> without a command: a prompt naming the node, <c>help</c>, <c>history</c>, <c>exit</c>, and any command line.</summary>
public sealed class InteractiveSession(CommandTree tree, Uri node, IAnsiConsole console)
{
    public async Task<int> RunAsync()
    {
        var prompt = $"ftr {NodeTarget.Display(node)}> ";
        var editor = new LineEditor(Complete);
        console.WriteLine($"connected to {NodeTarget.Display(node)}: {tree.Catalog.Palettes.Count} palettes; type help, history or exit");
        while (editor.ReadLine(prompt) is { } line)
        {
            var text = line.Trim();
            if (text.Length == 0) continue;
            if (text is "exit" or "quit") break;
            if (text == "help")
            {
                Help();
                continue;
            }
            if (text == "history")
            {
                for (var i = 0; i < editor.History.Count; i++) console.WriteLine($"{i + 1,4}  {editor.History[i]}");
                continue;
            }
            try
            {
                await CommandLineInvoker.InvokeAsync(tree, CommandLineParser.SplitCommandLine(text).ToArray());
            }
            catch (CliFailure failure)
            {
                await Console.Error.WriteLineAsync("ftr: " + failure.Message);
            }
        }
        return ExitCodes.Ok;
    }

    private void Help()
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumn("command").AddColumn("what it does");
        foreach (var palette in tree.Catalog.Palettes)
        {
            foreach (var command in palette.Commands)
            {
                var name = command.Name == palette.Name ? palette.Name : $"{palette.Name} {command.Name}";
                var args = string.Concat(command.Inputs.Where(i => i.Kind == CommandInputKind.Argument).Select(i => i.Required ? $" <{i.Name}>" : $" [{i.Name}]"));
                table.AddRow(new Text(name + args), new Text(command.Description));
            }
        }
        console.Write(table);
        console.WriteLine("add --help to any command for its switches, --json for raw JSON; history lists earlier lines; exit leaves");
    }

    /// <summary>Tab completion: palettes (and session words) for the first word, that palette's commands for the second.</summary>
    private IReadOnlyList<string> Complete(string typed)
    {
        var space = typed.IndexOf(' ');
        var words = space < 0
            ? tree.Catalog.Palettes.Select(p => p.Name).Concat(["help", "history", "exit"])
            : tree.Words.Where(w => w.Contains(' '));
        return words.Where(w => w.StartsWith(typed, StringComparison.Ordinal) && w.Length > typed.Length)
            .Order(StringComparer.Ordinal).ToArray();
    }
}
