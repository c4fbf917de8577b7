using FaultTolerantRunner.Contracts;
using FaultTolerantRunner.Problems;
using FaultTolerantRunner.Tasks;
using FaultTolerantRunner.Taxonomy;

namespace FaultTolerantRunner.DeadLetters;

/// <summary>
/// The dead-letter queue as operators use it: list, inspect, requeue (a fresh attempt budget, same id) and purge, one
/// task or every entry matching a filter. The entries are the task entities themselves; the task index lists them.
/// Answers that are not the entry asked for are <see cref="FtrProblemException"/>s saying what to do instead.
/// </summary>
public sealed class DeadLetterQueue(TaskClient tasks)
{
    /// <summary>The most entries one act by filter touches.</summary>
    public const int MaxBulk = 10_000;

    public Task<TaskIndexProtocol.TaskList> ListAsync(DlqFilter filter, int offset, int limit, CancellationToken cancellation = default) =>
        tasks.ListDeadLettersAsync(filter.Tool, filter.Category, filter.Since, offset, limit, cancellation);

    /// <summary>The task, if it is in the queue.</summary>
    public async Task<TaskState> GetAsync(string id, CancellationToken cancellation = default)
    {
        var task = await tasks.GetAsync(id, cancellation).ConfigureAwait(false);
        return task is { InDeadLetterQueue: true } ? task : throw NotInQueue(id, task, 404);
    }

    public Task<TaskState> RequeueAsync(string id, string? reason, CancellationToken cancellation = default) =>
        ActAsync(id, requeue: true, reason ?? "requeued by operator", cancellation);

    public Task<TaskState> PurgeAsync(string id, string? reason, CancellationToken cancellation = default) =>
        ActAsync(id, requeue: false, reason ?? "purged by operator", cancellation);

    public Task<DlqBulkResult> RequeueMatchingAsync(DlqFilter filter, string? reason, CancellationToken cancellation = default) =>
        ActOnMatchesAsync(filter, requeue: true, reason ?? "requeued by filter", cancellation);

    public Task<DlqBulkResult> PurgeMatchingAsync(DlqFilter filter, string? reason, CancellationToken cancellation = default) =>
        ActOnMatchesAsync(filter, requeue: false, reason ?? "purged by filter", cancellation);

    private async Task<TaskState> ActAsync(string id, bool requeue, string reason, CancellationToken cancellation)
    {
        var result = await tasks.DeadLetterActionAsync(id, requeue, reason, cancellation).ConfigureAwait(false);
        if (result is null) throw TaskClient.NotFound(id);
        if (result.Done) return result.Task;
        if (result.Task.InDeadLetterQueue)
        {
            // In the queue, but the entity is still cleaning up after its last attempt: the act is possible in a moment.
            throw new FtrProblemException(FtrProblem.Transient("dead-letter-busy", Severity.Low,
                $"task '{id}' is still finishing its last attempt; it can be {(requeue ? "requeued" : "purged")} in a moment",
                "retry in a few seconds").ForTask(result.Task), 409);
        }
        throw NotInQueue(id, result.Task, 409);
    }

    private async Task<DlqBulkResult> ActOnMatchesAsync(DlqFilter filter, bool requeue, string reason, CancellationToken cancellation)
    {
        if (filter.IsEmpty)
            throw new FtrProblemException(FtrProblem.Validation("filter-required",
                "give at least one filter (tool, category, since) so that a typo cannot empty the whole queue", null,
                "send e.g. {\"category\":\"external\"}; to act on everything, send {\"since\":\"1970-01-01T00:00:00Z\"}"));
        var matches = await ListAsync(filter, 0, MaxBulk, cancellation).ConfigureAwait(false);
        if (!matches.Complete)
            throw new FtrProblemException(FtrProblem.Transient("index-catching-up", Severity.Low,
                "the node is still reading the journal after its start; a filter now would miss entries", "retry in a few seconds"), 503);
        var done = new List<string>();
        foreach (var entry in matches.Items)
        {
            var result = await tasks.DeadLetterActionAsync(entry.Id, requeue, reason, cancellation).ConfigureAwait(false);
            if (result is { Done: true }) done.Add(entry.Id);
        }
        return new DlqBulkResult(matches.Total, done.Count, done);
    }

    private static FtrProblemException NotInQueue(string id, TaskState? task, int status)
    {
        if (task is null)
            return new(FtrProblem.NotFound("not-in-dead-letter-queue", $"no task with id '{id}'",
                "list the queue with: ftr dlq list  (or GET /api/dlq)").ForTask(id), 404);
        string[] actions = task.Status.IsTerminal()
            ? [$"read its state with: ftr tasks show {id}", "list the queue with: ftr dlq list  (or GET /api/dlq)"]
            : [$"read its state with: ftr tasks show {id}", $"cancel it with: ftr tasks cancel {id}"];
        var message = $"task '{id}' is not in the dead-letter queue (it is {task.Status}{(task.Purged ? ", purged" : "")}); only dead-lettered tasks can be requeued or purged";
        // Reading an entry that is not there is 404; acting on a task in the wrong state is a conflict.
        var problem = status == 409
            ? FtrProblem.Validation("not-in-dead-letter-queue", message, null, actions)
            : FtrProblem.NotFound("not-in-dead-letter-queue", message, actions);
        return new(problem.ForTask(task), status);
    }
}
