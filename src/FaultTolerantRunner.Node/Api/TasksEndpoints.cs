using FaultTolerantRunner.Commands;
using FaultTolerantRunner.Contracts;
using FaultTolerantRunner.Node.Commands;
using FaultTolerantRunner.Problems;
using FaultTolerantRunner.SelfHealing;
using FaultTolerantRunner.Tasks;
using static FaultTolerantRunner.Commands.CommandInput;
using TaskStatus = FaultTolerantRunner.Tasks.TaskStatus;

namespace FaultTolerantRunner.Node.Api;

/// <summary><c>/api/tasks</c>: submit, read, list and cancel tasks; the <c>run</c> and <c>tasks</c> palettes that call them.</summary>
public static class TasksEndpoints
{
    private static readonly CommandInput Id = Argument("id", "The task id (32 hex characters).");
    private const int MaxSearchText = 200;
    private static readonly string[] Columns = ["id", "tool", "status", "attempts", "updatedAt", "lastError"];

    public static readonly CommandDefinition Submit = new("run", "Submit a task to a tool: ftr run <tool> --param k=v … [--wait].", "POST", "/api/tasks",
    [
        Argument("tool", "The tool to run (see ftr tools list).", CommandInputLocation.Body),
        Switch("param", CommandValueType.Map, CommandInputLocation.Body, "A tool parameter as key=value; repeatable.", alias: "-p", field: "parameters"),
        Switch("timeout", CommandValueType.Integer, CommandInputLocation.Body, "Attempt timeout in seconds.", field: "timeoutSeconds"),
        Switch("idempotency-key", CommandValueType.Text, CommandInputLocation.Body, "Submitting the same key twice returns the same task.", field: "idempotencyKey"),
        Switch("at", CommandValueType.Text, CommandInputLocation.Body, "Run first at this ISO 8601 time with offset (e.g. 2026-12-24T18:00:00Z).", field: "runAt"),
        Switch("delay", CommandValueType.Integer, CommandInputLocation.Body, "Run first this many seconds from now.", field: "delaySeconds"),
        Switch("after", CommandValueType.List, CommandInputLocation.Body, "Run only after these tasks (comma-separated ids, up to 1000) reached the condition."),
        Switch("after-condition", CommandValueType.Text, CommandInputLocation.Body, "succeeded (default: each predecessor succeeded or degraded) or finished (ended in any way).",
            field: "afterCondition"),
        Switch("priority", CommandValueType.Text, CommandInputLocation.Body, "low, normal (default) or high: the order for attempt slots and shedding."),
        Switch("max-retries", CommandValueType.Integer, CommandInputLocation.Body, "Cap every category's retry budget.", field: "maxRetries"),
        Switch("deadline", CommandValueType.Integer, CommandInputLocation.Body, "Seconds the task may wait for an unavailable service.", field: "deadlineSeconds"),
        Switch("wait", CommandValueType.Flag, CommandInputLocation.Client, "Follow the task to its end with a live status line.", alias: "-w"),
    ], Mode: CommandMode.Submit);

    public static readonly CommandDefinition List = CommandDefinition.Get("list", "List tasks, newest first.", "/api/tasks",
        Switch("state", CommandValueType.Text, CommandInputLocation.Query, "Only tasks in this state (e.g. Running, DeadLettered)."),
        Switch("tool", CommandValueType.Text, CommandInputLocation.Query, "Only tasks of this tool."),
        Switch("since", CommandValueType.Text, CommandInputLocation.Query, "Only tasks accepted at or after this ISO 8601 time (e.g. 2026-11-23T08:00:00Z)."),
        Switch("until", CommandValueType.Text, CommandInputLocation.Query, "Only tasks accepted before this ISO 8601 time."),
        Switch("category", CommandValueType.Text, CommandInputLocation.Query, "Only tasks whose last error has this category (e.g. transient)."),
        Switch("idempotency-key", CommandValueType.Text, CommandInputLocation.Query, "Only the task submitted with this idempotency key.",
            field: "idempotencyKey"),
        Switch("q", CommandValueType.Text, CommandInputLocation.Query, "Only tasks whose parameters or last error contain this text (any case)."),
        Switch("fingerprint", CommandValueType.Text, CommandInputLocation.Query, "Only tasks whose last error has this fingerprint (see ftr errors list)."),
        Switch("limit", CommandValueType.Integer, CommandInputLocation.Query, "At most this many (default 50)."),
        Switch("offset", CommandValueType.Integer, CommandInputLocation.Query, "Skip this many (the nextOffset of the page before).")) with { Columns = Columns };

    public static readonly CommandDefinition Show = CommandDefinition.Get("show", "One task with its attempt history and transitions.", "/api/tasks/{id}", Id);

    public static readonly CommandDefinition Cancel = CommandDefinition.Post("cancel", "Cancel an unfinished task.", "/api/tasks/{id}/cancel", Id);

    public static readonly CommandPalette RunPalette = new("run", "Submit a task.", [Submit]);

    public static readonly CommandPalette Palette = new("tasks", "Tasks: list, inspect with attempt history, cancel, retry, watch.",
    [
        List,
        Show,
        TaskBulkEndpoints.CancelCommand(Cancel),
        // Retrying a task is requeueing it from the dead-letter queue: one route for the act, reachable from both palettes.
        TaskBulkEndpoints.RetryCommand(DlqEndpoints.RequeueOne with { Name = "retry" }),
        List with
        {
            Name = "watch", Description = "Refresh the task list every 2 seconds until Ctrl-C.", Mode = CommandMode.Poll,
            Inputs =
            [
                Switch("state", CommandValueType.Text, CommandInputLocation.Query, "Only tasks in this state."),
                Switch("tool", CommandValueType.Text, CommandInputLocation.Query, "Only tasks of this tool."),
                Switch("count", CommandValueType.Integer, CommandInputLocation.Client, "Stop after this many refreshes.", alias: "-n"),
            ],
        },
    ]);

    public static IEndpointRouteBuilder MapTaskEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapCommand(Submit, SubmitAsync);
        app.MapCommand(List, ListAsync);
        app.MapCommand(Show, GetAsync);
        app.MapCommand(Cancel, CancelAsync);
        app.MapTaskBulkEndpoints();
        return app;
    }

    private static async Task<IResult> SubmitAsync(HttpRequest request, TaskClient client, CancellationToken cancellation)
    {
        var body = await RequestBody.ReadAsync<TaskSubmitRequest>(request, cancellation);
        var key = body.IdempotencyKey ?? (request.Headers.TryGetValue("Idempotency-Key", out var header) ? header.ToString() : null);
        var submitted = await client.SubmitAsync(body.Tool, body.Parameters, key, body.TimeoutSeconds, cancellation, body.MaxRetries, body.DeadlineSeconds,
            Priority(body.Priority), TaskDelay.Parse(body.RunAt, body.DelaySeconds),
            TaskRetryPolicy.FromJson(body.Retry), new TaskAfter(body.After, body.AfterCondition));
        var view = TaskViews.From(submitted.Task);
        // 202: accepted and journaled, runs asynchronously. 200: the idempotency key named an existing task.
        var status = submitted.Created ? StatusCodes.Status202Accepted : StatusCodes.Status200OK;
        return new WithLocation(TypedResults.Json(view, WireJson.Options, statusCode: status), Show.Route.Replace("{id}", view.Id, StringComparison.Ordinal));
    }

    private static async Task<IResult> GetAsync(string id, TaskClient client, TaskRetention retention, Supervision.RetryPolicies policies,
        CancellationToken cancellation)
    {
        var task = await client.GetAsync(id, cancellation) ?? throw await retention.NotFoundAsync(id, cancellation);
        return TypedResults.Json(TaskViews.From(task, policies), WireJson.Options);
    }

    private static async Task<IResult> ListAsync(HttpRequest request, TaskClient client, CancellationToken cancellation)
    {
        var (offset, limit) = Query.Page(request.Query, 50);
        var list = await client.ListAsync(Filter(request.Query), offset, limit, cancellation);
        return TypedResults.Json(TaskViews.Page(list, offset, limit), WireJson.Options);
    }

    private static async Task<IResult> CancelAsync(string id, HttpRequest request, TaskClient client, CancellationToken cancellation)
    {
        var body = await RequestBody.ReadOptionalAsync<TaskCancelRequest>(request, cancellation);
        var result = await client.CancelAsync(id, body.Reason ?? "cancelled by request", cancellation) ?? throw TaskClient.NotFound(id);
        if (result.Cancelled) return TypedResults.Json(TaskViews.From(result.Task), WireJson.Options);
        return ProblemResults.Result(FtrProblem.Validation("task-already-finished",
            $"task '{id}' already ended as {result.Task.Status}; only unfinished tasks can be cancelled", null,
            "read its outcome with: ftr tasks show " + id).ForTask(result.Task), StatusCodes.Status409Conflict);
    }

    /// <summary>The list filter of <c>GET /api/tasks</c>; each malformed parameter is a 400 that names it.</summary>
    internal static TaskFilter Filter(IQueryCollection query) => Filter(query["state"], query["tool"], query["since"], query["until"], query["category"],
        query["fingerprint"], query["idempotencyKey"], query["q"]);

    /// <summary>The same filter from the fields of a bulk act's body.</summary>
    internal static TaskFilter Filter(string? state, string? tool, string? sinceText, string? untilText, string? category, string? fingerprint,
        string? idempotencyKey, string? q)
    {
        var since = Query.Time(sinceText, "since");
        var until = Query.Time(untilText, "until");
        if (since >= until)
            throw new FtrProblemException(FtrProblem.Validation("invalid-until", $"until ({until:O}) must be later than since ({since:O})", null,
                "use e.g. ?since=2026-11-23T08:00:00Z&until=2026-11-23T09:00:00Z"));
        return new TaskFilter(State(Query.Text(state)), Query.Text(tool), since, until, Query.Category(Query.Text(category)),
            Query.Text(idempotencyKey, "idempotencyKey", TaskClient.MaxIdempotencyKeyLength, "order-4711-thumbnail"), Query.Text(q, "q", MaxSearchText, "invoice-17"),
            Query.Text(fingerprint, "fingerprint", MaxSearchText, "3f2a9c01"));
    }

    private static TaskStatus? State(string? text)
    {
        if (text is null) return null;
        if (TaskStatusExtensions.TryParse(text, out var parsed)) return parsed;
        var names = Enum.GetNames<TaskStatus>();
        var closest = Suggest.Closest(text, names);
        throw new FtrProblemException(FtrProblem.Validation("invalid-state",
            $"unknown state '{text}'; states: {string.Join(", ", names)}" + (closest is null ? "" : $" (did you mean '{closest}'?)"),
            null, $"use e.g. ?state={closest ?? "Running"}"));
    }

    private static TaskPriority Priority(string? text)
    {
        if (text is null) return TaskPriority.Normal;
        if (Enum.TryParse(text, ignoreCase: true, out TaskPriority priority) && Enum.IsDefined(priority) && !int.TryParse(text, out _)) return priority;
        throw new FtrProblemException(FtrProblem.Validation("invalid-priority", $"priority must be low, normal or high (got '{text}')", null,
            "omit it for normal priority; under load, low-priority submissions are shed first"));
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
