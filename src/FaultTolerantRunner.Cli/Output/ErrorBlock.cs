using System.Text.Json.Nodes;
using Spectre.Console;

namespace FaultTolerantRunner.Cli.Output;

/// <summary>
/// A failed task's error for a person, below the task: what failed, how it is classified, what the runner tried and
/// what to do next. Built from the standard error format the node puts on a task's lastError.
/// </summary>
public static class ErrorBlock
{
    /// <summary>Writes the block when <paramref name="node"/> is a failed or dead-lettered task, or a dead-letter entry.</summary>
    public static bool TryWrite(IAnsiConsole console, JsonNode? node)
    {
        var entry = node as JsonObject;
        var task = entry?["task"] as JsonObject ?? entry;
        if (task?["lastError"] is not JsonObject error || (string?)task["state"] is not ("Failed" or "DeadLettered")) return false;
        // A dead-letter entry's report adds the requeue to the error's own actions.
        var actions = (entry?["error"] as JsonObject)?["suggestedActions"] as JsonArray ?? error["suggestedActions"] as JsonArray;
        Write(console, task, error, actions);
        return true;
    }

    private static void Write(IAnsiConsole console, JsonObject task, JsonObject error, JsonArray? actions)
    {
        var grid = new Grid().AddColumn(new GridColumn().NoWrap().PadRight(2)).AddColumn();
        grid.AddRow(new Text("Error:"), new Text(Text(error["message"])));
        grid.AddRow(new Text("Category:"), new Text($"{Text(error["category"])}, severity {Text(error["severity"])}, code {Text(error["code"])}"));
        grid.AddRow(new Text("Tried:"), new Text(Tried(task, error)));
        var todo = (actions?.Select(Text).Where(a => a.Length > 0) ?? []).ToList();
        var requeue = $"after fixing the cause: ftr dlq requeue {Text(task["id"])}";
        if (task["inDeadLetterQueue"]?.GetValue<bool>() == true && !todo.Any(a => a.Contains("ftr dlq requeue", StringComparison.Ordinal))) todo.Add(requeue);
        grid.AddRow(new Text("To do:"), new Text(todo.Count == 0 ? "-" : string.Join("\n", todo.Select(a => "- " + a))));
        console.WriteLine();
        console.Write(new Panel(grid).Header(Markup.Escape($"task {Text(task["id"])} {Text(task["state"])}")).Border(BoxBorder.Rounded));
    }

    private static string Tried(JsonObject task, JsonObject error)
    {
        var attempts = (int?)task["attempts"] ?? 0;
        var count = attempts == 1 ? "1 attempt" : $"{attempts} attempts";
        if (error["recoveryAttempted"]?.GetValue<bool>() != true) return $"{count}; not retried (its category or the retry budget allows no retry)";
        if ((int?)error["recoveryLevel"] is not { } level) return $"{count}; retried with backoff, no recovery plan";
        var strategy = Text(task["recoveryStrategy"]);
        return $"{count}; retried and recovered up to level {level}" + (strategy.Length > 0 ? $" (last strategy: {strategy})" : "");
    }

    /// <summary>Whole text, not a table cell's cut: the block is where the full message and actions are read.</summary>
    private static string Text(JsonNode? value) => value switch
    {
        null => "",
        JsonValue v when v.TryGetValue(out string? s) => s,
        _ => value.ToJsonString(JsonView.Readable),
    };
}
