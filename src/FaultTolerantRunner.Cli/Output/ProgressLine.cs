using System.Globalization;
using System.Text.Json.Nodes;
using Spectre.Console;

namespace FaultTolerantRunner.Cli.Output;

/// <summary>A task's latest progress as one line below it: "Progress: 40% — 4 of 10 items (attempt 1, 12:00:01)".</summary>
public static class ProgressLine
{
    /// <summary>The line for a task (a <c>GET /api/tasks/{id}</c> answer) that reported progress; null otherwise.</summary>
    public static string? Of(JsonNode? node)
    {
        if ((node as JsonObject)?["progress"] is not JsonObject progress) return null;
        var percent = progress["percent"]?.GetValue<double>() ?? 0;
        var message = (string?)progress["message"] is { Length: > 0 } text ? $" — {text}" : "";
        var at = progress["at"]?.GetValue<DateTimeOffset>() is { } time ? $", {time.ToLocalTime():HH:mm:ss}" : "";
        return string.Create(CultureInfo.InvariantCulture, $"Progress: {percent:0.#}%{message} (attempt {(int?)progress["attempt"] ?? 0}{at})");
    }

    public static void TryWrite(IAnsiConsole console, JsonNode? node)
    {
        if (Of(node) is { } line) console.WriteLine(line);
    }
}
