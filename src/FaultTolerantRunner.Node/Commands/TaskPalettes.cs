using FaultTolerantRunner.Commands;
using static FaultTolerantRunner.Commands.CommandInput;

namespace FaultTolerantRunner.Node.Commands;

/// <summary>The job-level palettes: <c>run</c>, <c>tools</c>, <c>tasks</c> and <c>dlq</c>.</summary>
public static class TaskPalettes
{
    private static readonly CommandInput Id = Argument("id", "The task id (32 hex characters).");

    private static readonly CommandInput Filter = Switch("filter", CommandValueType.Map, CommandInputLocation.BodyFields,
        "Act on every entry matching key=value (tool, category, since); repeatable.", alias: "-f");

    private static readonly string[] TaskColumns = ["id", "tool", "status", "attempts", "updatedAt", "lastError"];

    public static readonly CommandPalette Run = new("run", "Submit a task.",
    [
        new("run", "Submit a task to a tool: ftr run <tool> --param k=v … [--wait].", "POST", "/api/tasks",
        [
            Argument("tool", "The tool to run (see GET /api/tools).", CommandInputLocation.Body),
            Switch("param", CommandValueType.Map, CommandInputLocation.Body, "A tool parameter as key=value; repeatable.", alias: "-p", field: "parameters"),
            Switch("timeout", CommandValueType.Integer, CommandInputLocation.Body, "Attempt timeout in seconds.", field: "timeoutSeconds"),
            Switch("idempotency-key", CommandValueType.Text, CommandInputLocation.Body, "Submitting the same key twice returns the same task.", field: "idempotencyKey"),
            Switch("wait", CommandValueType.Flag, CommandInputLocation.Client, "Follow the task to its end with a live status line.", alias: "-w"),
        ], Mode: CommandMode.Submit),
    ]);

    public static readonly CommandPalette Tools = new("tools", "The tools this node runs and their parameters.",
    [
        CommandDefinition.Get("list", "All tools with their descriptions.", "/api/tools") with { Columns = ["name", "description", "isolated"] },
        CommandDefinition.Get("show", "One tool with its parameter schema.", "/api/tools/{name}", Argument("name", "The tool name.")),
    ]);

    public static readonly CommandPalette Tasks = new("tasks", "Tasks: list, inspect with attempt history, cancel, retry, watch.",
    [
        CommandDefinition.Get("list", "List tasks, newest first.", "/api/tasks",
            Switch("state", CommandValueType.Text, CommandInputLocation.Query, "Only tasks in this state (e.g. Running, DeadLettered)."),
            Switch("tool", CommandValueType.Text, CommandInputLocation.Query, "Only tasks of this tool."),
            Switch("limit", CommandValueType.Integer, CommandInputLocation.Query, "At most this many (default 50).")) with { Columns = TaskColumns },
        CommandDefinition.Get("show", "One task with its attempt history and transitions.", "/api/tasks/{id}", Id),
        CommandDefinition.Post("cancel", "Cancel an unfinished task.", "/api/tasks/{id}/cancel", Id),
        CommandDefinition.Post("retry", "Requeue a dead-lettered or failed task with a fresh attempt budget.", "/api/tasks/{id}/retry", Id),
        CommandDefinition.Get("watch", "Refresh the task list every 2 seconds until Ctrl-C.", "/api/tasks",
            Switch("state", CommandValueType.Text, CommandInputLocation.Query, "Only tasks in this state."),
            Switch("tool", CommandValueType.Text, CommandInputLocation.Query, "Only tasks of this tool."),
            Switch("count", CommandValueType.Integer, CommandInputLocation.Client, "Stop after this many refreshes.", alias: "-n")) with
            { Mode = CommandMode.Poll, Columns = TaskColumns },
    ]);

    public static readonly CommandPalette Dlq = new("dlq", "The dead-letter queue: list, inspect, requeue and purge, by id or filter.",
    [
        CommandDefinition.Get("list", "List dead-lettered tasks.", "/api/dlq",
            Switch("tool", CommandValueType.Text, CommandInputLocation.Query, "Only this tool."),
            Switch("category", CommandValueType.Text, CommandInputLocation.Query, "Only this error category."),
            Switch("since", CommandValueType.Text, CommandInputLocation.Query, "Only dead-lettered since (ISO 8601).")) with
            { Columns = ["id", "tool", "category", "attempts", "deadLetteredAt", "lastError"] },
        CommandDefinition.Get("show", "A dead-lettered task with its error report.", "/api/dlq/{id}", Id),
        new("requeue", "Requeue one task by id, or all matching --filter.", "POST", "/api/dlq/{id}/requeue",
            [Id with { Required = false }, Filter], AlternateRoute: "/api/dlq/requeue"),
        new("purge", "Purge one task by id, or all matching --filter.", "DELETE", "/api/dlq/{id}",
            [Id with { Required = false }, Filter], AlternateRoute: "/api/dlq/purge", AlternateMethod: "POST"),
    ]);
}
