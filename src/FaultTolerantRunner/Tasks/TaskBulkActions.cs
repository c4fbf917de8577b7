using System.Collections.Concurrent;
using Akka.Hosting;
using FaultTolerantRunner.Contracts;
using FaultTolerantRunner.Problems;
using FaultTolerantRunner.Taxonomy;

namespace FaultTolerantRunner.Tasks;

/// <summary>
/// Cancel or requeue every task matching a <see cref="TaskFilter"/>, as the dead-letter queue's acts by filter do: at least
/// one criterion, the task index picks the ids, each entity acts on its own. Bounded (<see cref="MaxPerCall"/>) and resumable:
/// cancel and requeue are idempotent per task and an acted task no longer matches, so a repeated call after a crash or with
/// <c>remaining</c> &gt; 0 acts only on what is still to do.
/// </summary>
public sealed class TaskBulkActions(TaskClient tasks, IRequiredActor<TaskIndex> index)
{
    /// <summary>The most tasks one call acts on.</summary>
    public const int MaxPerCall = 10_000;

    /// <summary>The ids a dry run shows.</summary>
    public const int DryRunIds = 100;

    /// <summary>Entities asked at once: enough to act on thousands in seconds, few enough to leave the shards to live traffic.</summary>
    private const int Parallelism = 8;

    public Task<TaskBulkResult> CancelAsync(TaskFilter filter, bool dryRun, int? limit, string? reason, CancellationToken cancellation = default) =>
        ActAsync(filter, TaskBulkTarget.Unfinished, dryRun, limit, reason ?? "cancelled by filter", cancellation);

    public Task<TaskBulkResult> RetryAsync(TaskFilter filter, bool dryRun, int? limit, string? reason, CancellationToken cancellation = default) =>
        ActAsync(filter, TaskBulkTarget.DeadLettered, dryRun, limit, reason ?? "retried by filter", cancellation);

    private async Task<TaskBulkResult> ActAsync(TaskFilter filter, TaskBulkTarget target, bool dryRun, int? limit, string reason,
        CancellationToken cancellation)
    {
        if (filter.IsEmpty)
            throw new FtrProblemException(FtrProblem.Validation("filter-required",
                "give at least one filter (state, tool, since, until, category, fingerprint, idempotencyKey, q) so that a typo cannot touch every task", null,
                "send e.g. {\"tool\":\"http\"}; to act on everything, send {\"since\":\"1970-01-01T00:00:00Z\"}"));
        if (limit is < 1 or > MaxPerCall)
            throw new FtrProblemException(FtrProblem.Validation("invalid-limit", $"limit must be between 1 and {MaxPerCall} (got {limit})", null,
                $"omit it to act on up to {MaxPerCall} tasks per call"));
        var bound = limit ?? MaxPerCall;
        var selection = await index.AskAsync<TaskIndexProtocol.Selection, TaskIndex>(
            new TaskIndexProtocol.SelectTasks(filter, target, dryRun ? Math.Min(bound, DryRunIds) : bound), "the task index", cancellation).ConfigureAwait(false);
        if (!selection.Complete)
            throw new FtrProblemException(FtrProblem.Transient("index-catching-up", Severity.Low,
                "the node is still reading the journal after its start; a filter now would miss tasks", "retry in a few seconds"), 503);
        var remaining = Math.Max(0, selection.Eligible - bound);
        if (dryRun)
            return new TaskBulkResult(true, selection.Matched, selection.Eligible, 0, selection.Skipped, [], remaining, selection.Ids);

        var acted = new ConcurrentQueue<string>();
        var failed = new ConcurrentQueue<string>();
        var skipped = new ConcurrentDictionary<string, int>(selection.Skipped, StringComparer.Ordinal);
        await Parallel.ForEachAsync(selection.Ids, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellation },
            async (id, c) =>
            {
                switch (await ActOnAsync(id, target, reason, c).ConfigureAwait(false))
                {
                    case null: acted.Enqueue(id); break;
                    case Failure: failed.Enqueue(id); break;
                    case var skip: skipped.AddOrUpdate(skip, 1, (_, n) => n + 1); break;
                }
            }).ConfigureAwait(false);
        return new TaskBulkResult(false, selection.Matched, selection.Eligible, acted.Count, new SortedDictionary<string, int>(skipped, StringComparer.Ordinal),
            failed.Order(StringComparer.Ordinal).ToList(), remaining + failed.Count, acted.Order(StringComparer.Ordinal).ToList());
    }

    private const string Failure = "";

    /// <summary>Null when acted; else why not: a skip reason, or <see cref="Failure"/> when the entity did not answer in time.</summary>
    private async Task<string?> ActOnAsync(string id, TaskBulkTarget target, string reason, CancellationToken cancellation)
    {
        try
        {
            if (target == TaskBulkTarget.Unfinished)
            {
                var cancelled = await tasks.CancelAsync(id, reason, cancellation).ConfigureAwait(false);
                return cancelled is null ? "gone" : cancelled.Cancelled ? null : TaskSelection.Finished;
            }
            var requeued = await tasks.DeadLetterActionAsync(id, requeue: true, reason, cancellation).ConfigureAwait(false);
            if (requeued is null) return "gone";
            if (requeued.Done) return null;
            // Still in the queue but busy finishing its last attempt: a repeated call will requeue it.
            return requeued.Task.InDeadLetterQueue ? Failure : TaskSelection.NotDeadLettered;
        }
        catch (FtrProblemException)
        {
            return Failure;
        }
    }
}
