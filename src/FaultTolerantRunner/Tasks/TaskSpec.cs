using FaultTolerantRunner.Serialization;

namespace FaultTolerantRunner.Tasks;

/// <summary>What a client asked for, after validation: the tool, its parameters as canonical JSON, and limits.</summary>
/// <param name="MaxRetries">Caps every category's retry budget for this task (null: the policies decide).</param>
/// <param name="DeadlineSeconds">How long, from acceptance, the task may wait for an unavailable service before it is dead-lettered.</param>
/// <param name="Priority">Orders the queue for attempt slots (null: normal); also decides shedding at intake.</param>
/// <param name="RunAt">No attempt before this time (null: at once); the task is Scheduled until then.</param>
/// <param name="Retry">The task's own retry policy over its tool's and categories' (null: theirs).</param>
public sealed record TaskSpec(string Tool, string Parameters, string? IdempotencyKey, int? TimeoutSeconds, int? MaxRetries = null, int? DeadlineSeconds = null,
    SelfHealing.TaskPriority? Priority = null, DateTimeOffset? RunAt = null, TaskRetryPolicy? Retry = null) : IFtrSerializable
{
    /// <summary>Accepted at <paramref name="at"/>, the task waits for its due time (a due time not after acceptance runs at once).</summary>
    public bool DelayedAt(DateTimeOffset at) => RunAt > at;
}
