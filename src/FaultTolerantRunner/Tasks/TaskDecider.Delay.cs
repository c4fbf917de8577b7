using static FaultTolerantRunner.Tasks.TaskEffect;

namespace FaultTolerantRunner.Tasks;

/// <summary>
/// Delayed tasks: a task accepted with a due time in the future is Scheduled, its due time journaled as the next-attempt
/// time, as a retry's is. The attempt supervisor starts and asks to start; the entity waits for that time (a timer), then
/// passes the gates. A restart, a crash or the loss of the node changes nothing: the resume sweep wakes the task wherever
/// it lives next and the journaled time still decides.
/// </summary>
public sealed partial class TaskDecider
{
    /// <summary>The acceptance of a delayed task: journaled alone, holding no attempt slot; null when the task runs now.</summary>
    private static TaskDecision? Delayed(TaskState accepted, DateTimeOffset now)
    {
        if (!accepted.Spec!.DelayedAt(now)) return null;
        return new([new TaskAccepted(accepted.Id, accepted.Spec, now)], null, [StartAttempts.Instance]);
    }

    /// <summary>A scheduled task's gate opened early (a freed slot, a stray wake-up): it still waits for its due time; an awaiting one for its predecessors.</summary>
    private static bool NotDue(TaskState state, DateTimeOffset now) =>
        (state.Status == TaskStatus.Scheduled && state.NextAttemptAt > now) || state.Status == TaskStatus.Awaiting;
}
