using System.Globalization;
using FaultTolerantRunner.Problems;
using FaultTolerantRunner.Tasks;

namespace FaultTolerantRunner.Node.Api;

/// <summary><c>/api/dlq</c>: the dead-letter queue — list, inspect, requeue and purge, by id or by filter.</summary>
public static class DlqEndpoints
{
    private static readonly IReadOnlySet<string> FilterFields = new SortedSet<string>(StringComparer.Ordinal) { "tool", "category", "since", "reason" };

    public static IEndpointRouteBuilder MapDlqEndpoints(this IEndpointRouteBuilder app)
    {
        var dlq = app.MapGroup("/api/dlq");
        dlq.MapGet("", ListAsync);
        dlq.MapGet("/{id}", GetAsync);
        dlq.MapPost("/{id}/requeue", (string id, TaskClient client, CancellationToken c) => ActAsync(id, requeue: true, client, c));
        dlq.MapDelete("/{id}", (string id, TaskClient client, CancellationToken c) => ActAsync(id, requeue: false, client, c));
        dlq.MapPost("/requeue", (HttpRequest request, TaskClient client, CancellationToken c) => ActByFilterAsync(request, requeue: true, client, c));
        dlq.MapPost("/purge", (HttpRequest request, TaskClient client, CancellationToken c) => ActByFilterAsync(request, requeue: false, client, c));
        return app;
    }

    private static async Task<IResult> ListAsync(HttpRequest request, TaskClient client, CancellationToken cancellation)
    {
        var query = request.Query;
        var since = Since(query["since"].ToString());
        var limit = TasksEndpoints.IntQuery(query, "limit", 50, 1, TaskClient.MaxListLimit);
        var offset = TasksEndpoints.IntQuery(query, "offset", 0, 0, int.MaxValue);
        var list = await client.ListDeadLettersAsync(Text(query["tool"]), Text(query["category"]), since, offset, limit, cancellation);
        return TypedResults.Json(new { items = list.Items, total = list.Total, offset, limit, complete = list.Complete }, Json.Options);
    }

    private static async Task<IResult> GetAsync(string id, TaskClient client, CancellationToken cancellation)
    {
        var task = await client.GetAsync(id, cancellation);
        if (task is null || !task.InDeadLetterQueue) return NotInQueue(id, task);
        return TypedResults.Json(new { task = TaskDto.From(task), error = ErrorReport(task) }, Json.Options);
    }

    private static async Task<IResult> ActAsync(string id, bool requeue, TaskClient client, CancellationToken cancellation)
    {
        var result = await client.DeadLetterActionAsync(id, requeue, requeue ? "requeued by operator" : "purged by operator", cancellation);
        if (result is null || !result.Done) return NotInQueue(id, result?.Task);
        return TypedResults.Json(TaskDto.From(result.Task), Json.Options);
    }

    private static async Task<IResult> ActByFilterAsync(HttpRequest request, bool requeue, TaskClient client, CancellationToken cancellation)
    {
        var body = await RequestBody.ReadObjectAsync(request, FilterFields, cancellation);
        var tool = RequestBody.OptionalString(body, "tool", "\"http\"");
        var category = RequestBody.OptionalString(body, "category", "\"external\"");
        var since = Since(RequestBody.OptionalString(body, "since", "\"2026-11-23T00:00:00Z\""));
        if (tool is null && category is null && since is null)
            throw new FtrProblemException(FtrProblem.Validation("filter-required",
                "give at least one filter (tool, category, since) so that a typo cannot empty the whole queue", null,
                "send e.g. {\"category\":\"external\"}; to act on everything, send {\"since\":\"1970-01-01T00:00:00Z\"}"));
        var reason = RequestBody.OptionalString(body, "reason", "\"service fixed\"") ?? (requeue ? "requeued by filter" : "purged by filter");

        var matches = await client.ListDeadLettersAsync(tool, category, since, 0, 10_000, cancellation);
        if (!matches.Complete)
            throw new FtrProblemException(new FtrProblem("transient", "index-catching-up", "low",
                "the node is still reading the journal after its start; a filter now would miss entries", null,
                ["retry in a few seconds"], Timestamp: DateTimeOffset.UtcNow), StatusCodes.Status503ServiceUnavailable);
        var done = new List<string>();
        foreach (var entry in matches.Items)
        {
            var result = await client.DeadLetterActionAsync(entry.Id, requeue, reason, cancellation);
            if (result is { Done: true }) done.Add(entry.Id);
        }
        return TypedResults.Json(new { matched = matches.Total, done = done.Count, ids = done }, Json.Options);
    }

    private static object ErrorReport(TaskState task)
    {
        var error = task.LastError;
        return new
        {
            category = error?.Category,
            code = error?.Rule,
            severity = error?.Severity,
            message = error?.Message,
            details = error?.Details,
            fingerprint = error?.Fingerprint,
            suggestedActions = new[] { error?.Advice, $"after fixing the cause: POST /api/dlq/{task.Id}/requeue  (ftr dlq requeue {task.Id})" }.OfType<string>(),
            recoveryAttempted = task.AttemptCount > 1,
            recoveryLevel = task.RecoveryLevel,
            taskId = task.Id,
            timestamp = task.UpdatedAt,
        };
    }

    private static IResult NotInQueue(string id, TaskState? task) =>
        ProblemResults.Result(FtrProblem.NotFound("not-in-dead-letter-queue",
            task is null ? $"no task with id '{id}'" : $"task '{id}' is not in the dead-letter queue (it is {task.Status}{(task.Purged ? ", purged" : "")})",
            "list the queue with: ftr dlq list  (or GET /api/dlq)").ForTask(id), StatusCodes.Status404NotFound);

    internal static string? Text(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    internal static DateTimeOffset? Since(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var since)
            ? since
            : throw new FtrProblemException(FtrProblem.Validation("invalid-since", $"since must be an ISO 8601 time (got '{text}')", null, "use e.g. since=2026-11-23T08:00:00Z"));
    }
}
