using FaultTolerantRunner.Commands;
using FaultTolerantRunner.Contracts;
using FaultTolerantRunner.DeadLetters;
using FaultTolerantRunner.Node.Commands;
using FaultTolerantRunner.Problems;
using FaultTolerantRunner.Tasks;
using static FaultTolerantRunner.Commands.CommandInput;

namespace FaultTolerantRunner.Node.Api;

/// <summary><c>/api/dlq</c>: the dead-letter queue — list, inspect, requeue and purge, by id or by filter — and the <c>dlq</c> palette.</summary>
public static class DlqEndpoints
{
    private static readonly CommandInput Id = Argument("id", "The task id (32 hex characters).");

    private static readonly CommandInput Filter = Switch("filter", CommandValueType.Map, CommandInputLocation.BodyFields,
        "Act on every entry matching key=value (tool, category, since); repeatable.", alias: "-f");

    public static readonly CommandDefinition List = CommandDefinition.Get("list", "List dead-lettered tasks.", "/api/dlq",
        Switch("tool", CommandValueType.Text, CommandInputLocation.Query, "Only this tool."),
        Switch("category", CommandValueType.Text, CommandInputLocation.Query, "Only this error category."),
        Switch("since", CommandValueType.Text, CommandInputLocation.Query, "Only dead-lettered since (ISO 8601)."),
        Switch("limit", CommandValueType.Integer, CommandInputLocation.Query, "At most this many (default 50)."),
        Switch("offset", CommandValueType.Integer, CommandInputLocation.Query, "Skip this many (the nextOffset of the page before).")) with
        { Columns = ["id", "tool", "category", "attempts", "deadLetteredAt", "lastError"] };

    public static readonly CommandDefinition Show = CommandDefinition.Get("show", "A dead-lettered task with its error report.", "/api/dlq/{id}", Id);

    /// <summary>The one route that requeues a task: <c>dlq requeue &lt;id&gt;</c> and <c>tasks retry &lt;id&gt;</c> both call it.</summary>
    public static readonly CommandDefinition RequeueOne = CommandDefinition.Post("requeue", "Requeue one task by id.", "/api/dlq/{id}/requeue", Id);

    public static readonly CommandDefinition RequeueMatching = CommandDefinition.Post("requeue", "Requeue every entry matching a filter.", "/api/dlq/requeue");

    public static readonly CommandDefinition PurgeOne = CommandDefinition.Delete("purge", "Purge one task by id.", "/api/dlq/{id}", Id);

    public static readonly CommandDefinition PurgeMatching = CommandDefinition.Post("purge", "Purge every entry matching a filter.", "/api/dlq/purge");

    public static readonly CommandPalette Palette = new("dlq", "The dead-letter queue: list, inspect, requeue and purge, by id or filter.",
    [
        List,
        Show,
        EitherOr(RequeueOne, RequeueMatching, "Requeue one task by id, or all matching --filter."),
        EitherOr(PurgeOne, PurgeMatching, "Purge one task by id, or all matching --filter."),
    ]);

    public static IEndpointRouteBuilder MapDlqEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapCommand(List, ListAsync);
        app.MapCommand(Show, async (string id, DeadLetterQueue dlq, CancellationToken c) =>
        {
            var task = await dlq.GetAsync(id, c);
            return TypedResults.Json(new DlqEntryView(TaskViews.From(task), Report(task)), WireJson.Options);
        });
        app.MapCommand(RequeueOne, async (string id, DeadLetterQueue dlq, CancellationToken c) =>
            TypedResults.Json(TaskViews.From(await dlq.RequeueAsync(id, null, c)), WireJson.Options));
        app.MapCommand(PurgeOne, async (string id, DeadLetterQueue dlq, CancellationToken c) =>
            TypedResults.Json(TaskViews.From(await dlq.PurgeAsync(id, null, c)), WireJson.Options));
        app.MapCommand(RequeueMatching, async (HttpRequest request, DeadLetterQueue dlq, CancellationToken c) =>
        {
            var (filter, reason) = await FilterAsync(request, c);
            return TypedResults.Json(await dlq.RequeueMatchingAsync(filter, reason, c), WireJson.Options);
        });
        app.MapCommand(PurgeMatching, async (HttpRequest request, DeadLetterQueue dlq, CancellationToken c) =>
        {
            var (filter, reason) = await FilterAsync(request, c);
            return TypedResults.Json(await dlq.PurgeMatchingAsync(filter, reason, c), WireJson.Options);
        });
        return app;
    }

    /// <summary>One command for both routes: with the id it calls <paramref name="one"/>, without it <paramref name="matching"/>.</summary>
    internal static CommandDefinition EitherOr(CommandDefinition one, CommandDefinition matching, string description, CommandInput? filter = null,
        params CommandInput[] more) => one with
    {
        Description = description,
        Inputs = [Id with { Required = false }, filter ?? Filter, .. more],
        AlternateRoute = matching.Route,
        AlternateMethod = matching.Method == one.Method ? null : matching.Method,
    };

    private static async Task<IResult> ListAsync(HttpRequest request, DeadLetterQueue dlq, CancellationToken cancellation)
    {
        var query = request.Query;
        var filter = new DlqFilter(Query.Text(query, "tool"), Query.Category(query["category"]), Query.Time(query, "since"));
        var (offset, limit) = Query.Page(query, 50);
        return TypedResults.Json(TaskViews.Page(await dlq.ListAsync(filter, offset, limit, cancellation), offset, limit), WireJson.Options);
    }

    private static async Task<(DlqFilter Filter, string? Reason)> FilterAsync(HttpRequest request, CancellationToken cancellation)
    {
        var body = await RequestBody.ReadAsync<DlqFilterRequest>(request, cancellation);
        return (new DlqFilter(body.Tool, Query.Category(body.Category), Query.Time(body.Since, "since")), body.Reason);
    }

    /// <summary>The last error in the standard format, with the requeue that puts the task back to work.</summary>
    internal static DlqErrorReport Report(TaskState task)
    {
        var error = TaskErrorViews.LastError(task);
        var facts = TaskRecovery.Of(task);
        string[] actions = [.. error?.SuggestedActions ?? [], $"after fixing the cause: POST /api/dlq/{task.Id}/requeue  (ftr dlq requeue {task.Id})"];
        return new DlqErrorReport(error?.Category, error?.Code, error?.Severity, error?.Message, error?.Details, error?.Fingerprint,
            actions.Distinct(StringComparer.Ordinal).ToArray(), error?.RecoveryAttempted ?? facts.Attempted, task.RecoveryLevel, task.Id,
            error?.Timestamp ?? task.UpdatedAt);
    }
}
