using System.Text;

namespace FaultTolerantRunner.Cli.Interactive;

/// <summary>Reads a line at a terminal with history (Up/Down) and Tab completion; plain ReadLine when stdin is redirected.</summary>
public sealed class LineEditor(Func<string, IReadOnlyList<string>> complete)
{
    private readonly List<string> _history = [];

    public IReadOnlyList<string> History => _history;

    public string? ReadLine(string prompt)
    {
        Console.Write(prompt);
        var line = Console.IsInputRedirected ? Console.In.ReadLine() : ReadInteractive(prompt);
        if (!string.IsNullOrWhiteSpace(line) && (_history.Count == 0 || _history[^1] != line)) _history.Add(line);
        return line;
    }

    private string? ReadInteractive(string prompt)
    {
        var buffer = new StringBuilder();
        var historyIndex = _history.Count;
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            switch (key.Key)
            {
                case ConsoleKey.Enter:
                    Console.WriteLine();
                    return buffer.ToString();
                case ConsoleKey.Backspace when buffer.Length > 0:
                    buffer.Length--;
                    Console.Write("\b \b");
                    break;
                case ConsoleKey.UpArrow when historyIndex > 0:
                    Replace(buffer, _history[--historyIndex]);
                    break;
                case ConsoleKey.DownArrow when historyIndex < _history.Count:
                    historyIndex++;
                    Replace(buffer, historyIndex == _history.Count ? "" : _history[historyIndex]);
                    break;
                case ConsoleKey.Tab:
                    Complete(prompt, buffer);
                    break;
                case ConsoleKey.D when key.Modifiers.HasFlag(ConsoleModifiers.Control) && buffer.Length == 0:
                    Console.WriteLine();
                    return null;
                default:
                    if (!char.IsControl(key.KeyChar))
                    {
                        buffer.Append(key.KeyChar);
                        Console.Write(key.KeyChar);
                    }
                    break;
            }
        }
    }

    private void Complete(string prompt, StringBuilder buffer)
    {
        var candidates = complete(buffer.ToString());
        if (candidates.Count == 0) return;
        if (candidates.Count == 1)
        {
            Replace(buffer, candidates[0] + " ");
            return;
        }
        var common = candidates.Aggregate((a, b) => new string(a.TakeWhile((c, i) => i < b.Length && b[i] == c).ToArray()));
        Console.WriteLine();
        Console.WriteLine(string.Join("   ", candidates));
        Console.Write(prompt);
        buffer.Clear().Append(common.Length > buffer.Length ? common : buffer.ToString());
        Console.Write(buffer.ToString());
    }

    private static void Replace(StringBuilder buffer, string text)
    {
        Console.Write(new string('\b', buffer.Length) + new string(' ', buffer.Length) + new string('\b', buffer.Length));
        buffer.Clear().Append(text);
        Console.Write(text);
    }
}
