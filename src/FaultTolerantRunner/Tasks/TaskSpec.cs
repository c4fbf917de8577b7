using FaultTolerantRunner.Serialization;

namespace FaultTolerantRunner.Tasks;

/// <summary>What a client asked for, after validation: the tool, its parameters as canonical JSON, and limits.</summary>
/// <param name="MaxRetries">Caps every category's retry budget for this task (null: the policies decide).</param>
/// <param name="DeadlineSeconds">How long, from acceptance, the task may wait for an unavailable service before it is dead-lettered.</param>
/// <param name="Priority">Orders the queue for attempt slots (null: normal); also decides shedding at intake.</param>
public sealed record TaskSpec(string Tool, string Parameters, string? IdempotencyKey, int? TimeoutSeconds, int? MaxRetries = null, int? DeadlineSeconds = null,
    SelfHealing.TaskPriority? Priority = null) : IFtrSerializable;
