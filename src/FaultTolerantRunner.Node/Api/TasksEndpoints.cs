using System.Globalization;
using FaultTolerantRunner.Problems;
using FaultTolerantRunner.Tasks;
using TaskStatus = FaultTolerantRunner.Tasks.TaskStatus;

namespace FaultTolerantRunner.Node.Api;

/// <summary><c>/api/tasks</c>: submit, read, list and cancel tasks.</summary>
public static class TasksEndpoints
{
    private static readonly IReadOnlySet<string> SubmitFields =
        new SortedSet<string>(StringComparer.Ordinal) { "tool", "parameters", "idempotencyKey", "timeoutSeconds", "maxRetries", "deadlineSeconds", "priority" };

    private static readonly IReadOnlySet<string> CancelFields = new SortedSet<string>(StringComparer.Ordinal) { "reason" };

    public static IEndpointRouteBuilder MapTaskEndpoints(this IEndpointRouteBuilder app)
    {
        var tasks = app.MapGroup("/api/tasks");
        tasks.MapPost("", SubmitAsync);
        tasks.MapGet("", ListAsync);
        tasks.MapGet("/{id}", GetAsync);
        tasks.MapPost("/{id}/cancel", CancelAsync);
        tasks.MapPost("/{id}/retry", RetryAsync);
        return app;
    }

    private static async Task<IResult> SubmitAsync(HttpRequest request, TaskClient client, CancellationToken cancellation)
    {
        var body = await RequestBody.ReadObjectAsync(request, SubmitFields, cancellation);
        var tool = RequestBody.OptionalString(body, "tool", "\"echo\"");
        var parameters = RequestBody.OptionalObject(body, "parameters", "{\"text\":\"hi\"}");
        var key = RequestBody.OptionalString(body, "idempotencyKey", "\"order-4711\"")
                  ?? (request.Headers.TryGetValue("Idempotency-Key", out var header) ? header.ToString() : null);
        var timeout = RequestBody.OptionalInt(body, "timeoutSeconds", "60");
        var maxRetries = RequestBody.OptionalInt(body, "maxRetries", "3");
        var deadline = RequestBody.OptionalInt(body, "deadlineSeconds", "600");
        var priorityText = RequestBody.OptionalString(body, "priority", "\"low\"");
        var priority = SelfHealing.TaskPriority.Normal;
        if (priorityText is not null && (!Enum.TryParse(priorityText, ignoreCase: true, out priority) || !Enum.IsDefined(priority) || int.TryParse(priorityText, out _)))
            throw new FtrProblemException(FtrProblem.Validation("invalid-priority", $"priority must be low, normal or high (got '{priorityText}')", null,
                "omit it for normal priority; under load, low-priority submissions are shed first"));

        var submitted = await client.SubmitAsync(tool, parameters, key, timeout, cancellation, maxRetries, deadline, priority);
        var dto = TaskDto.From(submitted.Task);
        var location = $"/api/tasks/{dto.Id}";
        // 202: accepted and journaled, runs asynchronously. 200: the idempotency key named an existing task.
        var status = submitted.Created ? StatusCodes.Status202Accepted : StatusCodes.Status200OK;
        return new WithLocation(TypedResults.Json(dto, Json.Options, statusCode: status), location);
    }

    private static async Task<IResult> GetAsync(string id, TaskClient client, CancellationToken cancellation)
    {
        var task = await client.GetAsync(id, cancellation);
        return task is null ? ProblemResults.NotFoundTask(id) : TypedResults.Json(TaskDto.From(task), Json.Options);
    }

    private static async Task<IResult> ListAsync(HttpRequest request, TaskClient client, CancellationToken cancellation)
    {
        var query = request.Query;
        TaskStatus? state = null;
        if (query.TryGetValue("state", out var stateText) && !string.IsNullOrEmpty(stateText))
        {
            if (!TaskStatusExtensions.TryParse(stateText, out var parsed))
            {
                var names = Enum.GetNames<TaskStatus>();
                var closest = Suggest.Closest(stateText.ToString(), names);
                throw new FtrProblemException(FtrProblem.Validation("invalid-state",
                    $"unknown state '{stateText}'; states: {string.Join(", ", names)}" + (closest is null ? "" : $" (did you mean '{closest}'?)"),
                    null, $"use e.g. ?state={closest ?? "Running"}"));
            }
            state = parsed;
        }
        var tool = query.TryGetValue("tool", out var toolText) && !string.IsNullOrEmpty(toolText) ? toolText.ToString() : null;
        var limit = IntQuery(query, "limit", 50, 1, TaskClient.MaxListLimit);
        var offset = IntQuery(query, "offset", 0, 0, int.MaxValue);
        var list = await client.ListAsync(state, tool, offset, limit, cancellation);
        var next = offset + list.Items.Count < list.Total ? offset + list.Items.Count : (int?)null;
        return TypedResults.Json(new { items = list.Items, total = list.Total, offset, limit, nextOffset = next, complete = list.Complete }, Json.Options);
    }

    private static async Task<IResult> CancelAsync(string id, HttpRequest request, TaskClient client, CancellationToken cancellation)
    {
        var reason = "cancelled by request";
        if (RequestBody.HasBody(request))
        {
            var body = await RequestBody.ReadObjectAsync(request, CancelFields, cancellation);
            reason = RequestBody.OptionalString(body, "reason", "\"no longer needed\"") ?? reason;
        }
        var result = await client.CancelAsync(id, reason, cancellation);
        if (result is null) return ProblemResults.NotFoundTask(id);
        if (result.Cancelled) return TypedResults.Json(TaskDto.From(result.Task), Json.Options);
        return ProblemResults.Result(new FtrProblem("validation", "task-already-finished", "low",
            $"task '{id}' already ended as {result.Task.Status}; only unfinished tasks can be cancelled", null,
            ["read its outcome with: ftr tasks show " + id], TaskId: id, Timestamp: DateTimeOffset.UtcNow), StatusCodes.Status409Conflict);
    }

    /// <summary>Retry = requeue a task that ended in the dead-letter queue (or Failed): a fresh attempt budget, same id.</summary>
    private static async Task<IResult> RetryAsync(string id, TaskClient client, CancellationToken cancellation)
    {
        var result = await client.DeadLetterActionAsync(id, requeue: true, "retried by operator", cancellation);
        if (result is null) return ProblemResults.NotFoundTask(id);
        if (result.Done) return TypedResults.Json(TaskDto.From(result.Task), Json.Options);
        return ProblemResults.Result(new FtrProblem("validation", "task-not-retryable", "low",
            $"task '{id}' is {result.Task.Status}; only dead-lettered or failed tasks can be retried", null,
            ["read its state with: ftr tasks show " + id, "cancel a running task with: ftr tasks cancel " + id], TaskId: id, Timestamp: DateTimeOffset.UtcNow),
            StatusCodes.Status409Conflict);
    }

    internal static int IntQuery(IQueryCollection query, string name, int fallback, int min, int max)
    {
        if (!query.TryGetValue(name, out var text) || string.IsNullOrEmpty(text)) return fallback;
        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max) return value;
        throw new FtrProblemException(FtrProblem.Validation("invalid-query",
            $"query parameter '{name}' must be a whole number between {min} and {max}; got '{text}'", null, $"use e.g. ?{name}={fallback}"));
    }

    /// <summary>Adds a Location header to another result.</summary>
    private sealed class WithLocation(IResult inner, string location) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.Location = location;
            return inner.ExecuteAsync(httpContext);
        }
    }
}
