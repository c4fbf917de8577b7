using FaultTolerantRunner.Serialization;

namespace FaultTolerantRunner.Tasks;

/// <summary>
/// One attempt as the task's history shows it; <c>Tool</c> is set when it ran a fallback instead of the task's own tool,
/// <c>RecoveryLevel</c> when it ran under a recovery plan (the plan's level).
/// </summary>
public sealed record AttemptRecord(
    int Number,
    string Node,
    DateTimeOffset StartedAt,
    DateTimeOffset? EndedAt = null,
    string? Outcome = null,
    double? DurationMs = null,
    TaskError? Error = null,
    string? Tool = null,
    int? RecoveryLevel = null) : IFtrSerializable
{
    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsOpen => EndedAt is null;
}

/// <summary>One line of a task's history: when, which event, the state it led to, a short detail, and when the next attempt is due.</summary>
/// <param name="RetryAt">Set when the event scheduled another attempt; <paramref name="DelayMs"/> is the wait from the event.</param>
public sealed record TaskTransition(DateTimeOffset At, string Event, TaskStatus Status, string? Detail, DateTimeOffset? RetryAt = null, double? DelayMs = null) : IFtrSerializable;
