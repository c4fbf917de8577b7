using FaultTolerantRunner.Serialization;

namespace FaultTolerantRunner.Tasks;

/// <summary>A journaled fact about one task; every transition is one of these, with its time.</summary>
public interface ITaskEvent : IFtrSerializable
{
    DateTimeOffset At { get; }
}

public sealed record TaskAccepted(string TaskId, TaskSpec Spec, DateTimeOffset At) : ITaskEvent;

public sealed record AttemptStarted(int Attempt, string Node, DateTimeOffset At) : ITaskEvent;

public sealed record AttemptSucceeded(int Attempt, string? Result, double DurationMs, DateTimeOffset At) : ITaskEvent;

/// <summary>An attempt failed; <paramref name="RetryAt"/> is set when another attempt is scheduled.</summary>
public sealed record AttemptFailed(int Attempt, TaskError Error, double DurationMs, DateTimeOffset? RetryAt, DateTimeOffset At) : ITaskEvent;

/// <summary>The node running an attempt stopped or died before the attempt reported; the attempt runs again.</summary>
public sealed record AttemptInterrupted(int Attempt, string Reason, DateTimeOffset At) : ITaskEvent;

public sealed record TaskFailed(TaskError Error, DateTimeOffset At) : ITaskEvent;

public sealed record TaskCancelled(string Reason, DateTimeOffset At) : ITaskEvent;
