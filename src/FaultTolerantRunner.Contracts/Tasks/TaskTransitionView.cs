using TaskStatus = FaultTolerantRunner.Tasks.TaskStatus;

namespace FaultTolerantRunner.Contracts;

/// <summary>One line of a task's history: when, which event, the state it led to, and a short detail.</summary>
public sealed record TaskTransitionView(DateTimeOffset At, string Event, TaskStatus Status, string? Detail);
