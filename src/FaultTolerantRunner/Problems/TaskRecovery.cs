using FaultTolerantRunner.Tasks;

namespace FaultTolerantRunner.Problems;

/// <summary>How far the runner went recovering a task, as the standard error format's recoveryAttempted and recoveryLevel.</summary>
/// <param name="Level">The highest recovery level planned; null when no recovery plan was made (recovery off, or plain retries only).</param>
public readonly record struct RecoveryFacts(bool Attempted, int? Level);

/// <summary>
/// Derives <see cref="RecoveryFacts"/> from a task's journaled state, so that task errors and task problems agree.
/// Recovery was attempted when the runner ran (or scheduled) another attempt in the same stint, or planned a recovery;
/// a requeue is an operator's act and starts a new stint.
/// </summary>
public static class TaskRecovery
{
    /// <summary>The task as it stands: its current stint's retries and plans.</summary>
    public static RecoveryFacts Of(TaskState task) => new(
        task.AttemptsSinceRequeue.Skip(1).Any() || task.NextAttemptAt is not null || task.PlansSinceRequeue.Count > 0,
        task.RecoveryLevel > 0 ? task.RecoveryLevel : null);

    /// <summary>
    /// One attempt: whether its stint holds another attempt (a retry before or after it) or one is scheduled after it,
    /// and the highest level planned by its end (plans are journaled at the failure they answer). Plans of stints
    /// before the last requeue are not kept, so their attempts show no level.
    /// </summary>
    public static RecoveryFacts Of(TaskState task, AttemptRecord attempt)
    {
        var end = attempt.EndedAt ?? DateTimeOffset.MaxValue;
        var level = task.PlansSinceRequeue.Where(p => p.At <= end).Select(p => (int?)p.Level).Max();
        var scheduledAfter = task.Attempts.Count > 0 && task.Attempts[^1] == attempt && task.NextAttemptAt is not null;
        return new(Stint(task, attempt).Skip(1).Any() || scheduledAfter || level is not null, level);
    }

    /// <summary>A problem about this task carries its id and recovery facts.</summary>
    public static FtrProblem ForTask(this FtrProblem problem, TaskState task)
    {
        var facts = Of(task);
        return problem.ForTask(task.Id, facts.Attempted, facts.Level);
    }

    /// <summary>The attempts between the requeues around <paramref name="attempt"/>.</summary>
    private static IEnumerable<AttemptRecord> Stint(TaskState task, AttemptRecord attempt)
    {
        var requeues = task.History.Where(t => t.Event == "requeued").Select(t => t.At).ToArray();
        var from = requeues.Where(at => at <= attempt.StartedAt).DefaultIfEmpty(DateTimeOffset.MinValue).Max();
        var to = requeues.Where(at => at > attempt.StartedAt).DefaultIfEmpty(DateTimeOffset.MaxValue).Min();
        return task.Attempts.Where(a => a.StartedAt >= from && a.StartedAt < to);
    }
}
