using static FaultTolerantRunner.Tasks.TaskEffect;

namespace FaultTolerantRunner.Tasks;

/// <summary>
/// Continuations: a task accepted with <c>after</c> is Awaiting, holding no attempt slot, until every predecessor reached
/// its after-condition; each arrival is journaled, and the last one releases it (then it goes the normal way: Scheduled
/// while its runAt is ahead, else its first attempt through the gates). A predecessor that can no longer reach the
/// condition, or does not exist, cancels it with a reason naming that predecessor. Answers that come after the task left
/// Awaiting (a duplicate, a predecessor requeued from the dead-letter queue and ended again) change nothing.
/// </summary>
public sealed partial class TaskDecider
{
    /// <summary>Ask the predecessors not yet arrived (again: after a restart, a move, or Tasks:AwaitRecheck).</summary>
    private static TaskDecision AwaitPending(TaskState state) =>
        state.PendingPredecessors is { Count: > 0 } pending ? TaskDecision.Of(new AwaitPredecessors(pending)) : TaskDecision.Nothing;

    private static TaskDecision PredecessorArrived(TaskState state, TaskCommand.PredecessorArrived arrived, DateTimeOffset now)
    {
        if (state.Status != TaskStatus.Awaiting || !state.PendingPredecessors.Contains(arrived.Predecessor)) return TaskDecision.Nothing;
        if (arrived.Status is not { } status)
            return Cancel(state, $"predecessor {arrived.Predecessor} does not exist (never submitted, or pruned by retention long after it finished)", now) with { Reply = null };
        if (!state.Spec!.Reaches(status))
            return Cancel(state, $"predecessor {arrived.Predecessor} ended {status}; it can no longer reach {TaskContinuations.ConditionName(state.Spec)}", now) with { Reply = null };
        var reached = new PredecessorReached(arrived.Predecessor, status, now);
        if (state.PendingPredecessors.Count > 1) return new([reached], null, []);
        var released = new TaskReleased(now, state.Spec.DelayedAt(now) ? state.Spec.RunAt : null);
        // The attempt supervisor's runner asks to start; the entity waits for a runAt still ahead, then passes the gates.
        return new([reached, released], null, [new Log($"every predecessor arrived ({state.Spec.After!.Count}); released"), StartAttempts.Instance]);
    }
}
