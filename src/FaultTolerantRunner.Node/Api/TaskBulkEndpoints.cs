using FaultTolerantRunner.Commands;
using FaultTolerantRunner.Contracts;
using FaultTolerantRunner.Node.Commands;
using FaultTolerantRunner.Tasks;
using static FaultTolerantRunner.Commands.CommandInput;

namespace FaultTolerantRunner.Node.Api;

/// <summary>
/// <c>POST /api/tasks/cancel</c> and <c>POST /api/tasks/retry</c>: cancel or requeue every task matching the filter of
/// <c>GET /api/tasks</c> (<see cref="TaskBulkActions"/>); <c>ftr tasks cancel|retry --filter … [--dry-run]</c> call them.
/// </summary>
public static class TaskBulkEndpoints
{
    private static readonly CommandInput Filter = Switch("filter", CommandValueType.Map, CommandInputLocation.BodyFields,
        "Act on every task matching key=value (state, tool, since, until, category, fingerprint, idempotencyKey, q); repeatable.", alias: "-f");

    private static readonly CommandInput DryRun = Switch("dry-run", CommandValueType.Flag, CommandInputLocation.Body,
        "With --filter: only count the matches and show the first ids.", field: "dryRun");

    public static readonly CommandDefinition CancelMatching = CommandDefinition.Post("cancel", "Cancel every unfinished task matching a filter.",
        "/api/tasks/cancel");

    public static readonly CommandDefinition RetryMatching = CommandDefinition.Post("retry", "Requeue every dead-lettered task matching a filter.",
        "/api/tasks/retry");

    /// <summary><c>tasks cancel &lt;id&gt;</c> as before, or <c>tasks cancel --filter …</c>.</summary>
    public static CommandDefinition CancelCommand(CommandDefinition one) =>
        DlqEndpoints.EitherOr(one, CancelMatching, "Cancel one unfinished task by id, or all matching --filter [--dry-run].", Filter, DryRun);

    /// <summary><c>tasks retry &lt;id&gt;</c> (the dead-letter queue's requeue), or <c>tasks retry --filter …</c>.</summary>
    public static CommandDefinition RetryCommand(CommandDefinition one) =>
        DlqEndpoints.EitherOr(one, RetryMatching, "Requeue a dead-lettered task by id (as dlq requeue), or all matching --filter [--dry-run].", Filter,
            DryRun);

    public static IEndpointRouteBuilder MapTaskBulkEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapCommand(CancelMatching, async (HttpRequest request, TaskBulkActions bulk, CancellationToken c) =>
        {
            var body = await RequestBody.ReadAsync<TaskBulkRequest>(request, c);
            return TypedResults.Json(await bulk.CancelAsync(FilterOf(body), body.DryRun ?? false, body.Limit, body.Reason, c), WireJson.Options);
        });
        app.MapCommand(RetryMatching, async (HttpRequest request, TaskBulkActions bulk, CancellationToken c) =>
        {
            var body = await RequestBody.ReadAsync<TaskBulkRequest>(request, c);
            return TypedResults.Json(await bulk.RetryAsync(FilterOf(body), body.DryRun ?? false, body.Limit, body.Reason, c), WireJson.Options);
        });
        return app;
    }

    private static TaskFilter FilterOf(TaskBulkRequest body) =>
        TasksEndpoints.Filter(body.State, body.Tool, body.Since, body.Until, body.Category, body.Fingerprint, body.IdempotencyKey, body.Q);
}
