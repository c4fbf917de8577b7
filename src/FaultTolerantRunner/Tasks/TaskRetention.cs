using FaultTolerantRunner.DeadLetters;
using FaultTolerantRunner.Persistence;
using FaultTolerantRunner.Persistence.Journal;
using FaultTolerantRunner.Problems;

namespace FaultTolerantRunner.Tasks;

/// <summary>
/// Retention's settings and store, shared by the <see cref="RetentionSweeper"/> and the read side: an id that names no
/// task is answered "pruned by retention" (when, under which setting) while its tombstone lasts.
/// </summary>
public sealed class TaskRetention(PersistenceOptions persistence, TaskOptions tasks, DlqOptions dlq)
{
    public const string FinishedKind = "finished";
    public const string DeadLetterKind = "dead-letter";

    internal RetentionStore Store { get; } = new(JournalStore.Create(persistence.Provider, persistence.EffectiveConnectionString));

    public TimeSpan Tasks => tasks.Retention;

    public TimeSpan DeadLetters => dlq.Retention;

    public TimeSpan Interval => tasks.RetentionInterval;

    /// <summary>The setting a kind of task was pruned under, as its tombstone keeps it.</summary>
    public string Setting(string kind) => kind == DeadLetterKind ? $"Dlq:Retention={dlq.Retention:c}" : $"Tasks:Retention={tasks.Retention:c}";

    /// <summary>The 404 for an id with no task: "pruned by retention" when a tombstone names it, else the plain not-found.</summary>
    public async Task<FtrProblemException> NotFoundAsync(string id, CancellationToken cancellation = default)
    {
        if (!TaskIds.IsValid(id)) return TaskClient.NotFound(id);
        var tombstone = await Store.TombstoneAsync(TaskIds.PersistenceId(id), cancellation).ConfigureAwait(false);
        if (tombstone is not { } pruned) return TaskClient.NotFound(id);
        return new(FtrProblem.NotFound("task-pruned",
            $"task '{id}' was pruned by retention at {pruned.At:O} ({pruned.Setting}): its history is no longer kept",
            "raise the retention setting to keep finished tasks longer", "list recent tasks with: ftr tasks list  (or GET /api/tasks)").ForTask(id), 404);
    }
}
