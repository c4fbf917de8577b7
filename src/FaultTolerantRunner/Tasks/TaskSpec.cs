using FaultTolerantRunner.Serialization;

namespace FaultTolerantRunner.Tasks;

/// <summary>What a client asked for, after validation: the tool, its parameters as canonical JSON, and limits.</summary>
/// <param name="MaxRetries">Caps every category's retry budget for this task (null: the policies decide).</param>
/// <param name="DeadlineSeconds">How long, from acceptance, the task may wait for an unavailable service before it is dead-lettered.</param>
/// <param name="Priority">Orders the queue for attempt slots (null: normal); also decides shedding at intake.</param>
/// <param name="RunAt">No attempt before this time (null: at once); the task is Scheduled until then.</param>
/// <param name="Retry">The task's own retry policy over its tool's and categories' (null: theirs).</param>
/// <param name="After">The predecessors the task waits for (Awaiting) before it runs (null: none).</param>
/// <param name="AfterCondition">What each predecessor must reach (null: <see cref="Tasks.AfterCondition.Succeeded"/>).</param>
public sealed record TaskSpec(string Tool, string Parameters, string? IdempotencyKey, int? TimeoutSeconds, int? MaxRetries = null, int? DeadlineSeconds = null,
    SelfHealing.TaskPriority? Priority = null, DateTimeOffset? RunAt = null, TaskRetryPolicy? Retry = null,
    IReadOnlyList<string>? After = null, AfterCondition? AfterCondition = null) : IFtrSerializable
{
    /// <summary>Accepted, the task waits for predecessors before anything else.</summary>
    public bool Awaits => After is { Count: > 0 };

    /// <summary>Accepted at <paramref name="at"/>, the task waits for its due time (a due time not after acceptance runs at once).</summary>
    public bool DelayedAt(DateTimeOffset at) => RunAt > at;

    /// <summary>Whether a predecessor that ended <paramref name="status"/> counts as reached (Degraded produced a result: it counts as succeeded).</summary>
    public bool Reaches(TaskStatus status) => AfterCondition == Tasks.AfterCondition.Finished
        ? status.IsTerminal()
        : status is TaskStatus.Succeeded or TaskStatus.Degraded;
}
