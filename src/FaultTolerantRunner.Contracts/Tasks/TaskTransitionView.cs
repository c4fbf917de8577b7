using TaskStatus = FaultTolerantRunner.Tasks.TaskStatus;

namespace FaultTolerantRunner.Contracts;

/// <summary>One line of a task's history: when, which event, the state it led to, and a short detail.</summary>
/// <param name="RetryAt">Set when the transition scheduled another attempt; <paramref name="DelayMs"/> is the wait from <paramref name="At"/>.</param>
public sealed record TaskTransitionView(DateTimeOffset At, string Event, TaskStatus Status, string? Detail, DateTimeOffset? RetryAt = null, double? DelayMs = null);
