using FaultTolerantRunner.Serialization;

namespace FaultTolerantRunner.Tasks;

/// <summary>A journaled fact about one task; every transition is one of these, with its time.</summary>
public interface ITaskEvent : IFtrSerializable
{
    DateTimeOffset At { get; }
}

public sealed record TaskAccepted(string TaskId, TaskSpec Spec, DateTimeOffset At) : ITaskEvent;

/// <summary>A predecessor of an Awaiting task ended in <paramref name="Status"/>, which meets the task's after-condition.</summary>
public sealed record PredecessorReached(string Predecessor, TaskStatus Status, DateTimeOffset At) : ITaskEvent;

/// <summary>The last predecessor arrived: the task goes on, Scheduled until <paramref name="RunAt"/> if that is still ahead.</summary>
public sealed record TaskReleased(DateTimeOffset At, DateTimeOffset? RunAt = null) : ITaskEvent;

/// <param name="Tool">The fallback tool the attempt runs instead of the task's own (null: its own).</param>
/// <param name="RecoveryLevel">The recovery level of the plan the attempt runs under (null: none, e.g. the first attempt).</param>
public sealed record AttemptStarted(int Attempt, string Node, DateTimeOffset At, string? Tool = null, int? RecoveryLevel = null) : ITaskEvent;

/// <summary>The task's own tool cannot serve it (its retry budget is spent, or a fallback failed): the next attempt runs this fallback.</summary>
public sealed record FallbackChosen(string Tool, string Reason, DateTimeOffset At) : ITaskEvent;

/// <param name="DegradedReason">Set when a fallback tool produced the result because the task's service was unavailable.</param>
public sealed record AttemptSucceeded(int Attempt, string? Result, double DurationMs, DateTimeOffset At, int ItemsSkipped = 0, string? DegradedReason = null) : ITaskEvent;

/// <summary>The task's service breaker is open: the task waits for it to half-open, consuming no attempt.</summary>
public sealed record TaskWaitingForService(string Service, string Reason, DateTimeOffset OpenSince, DateTimeOffset At) : ITaskEvent;

/// <summary>
/// The task waits, consuming no attempt, for an attempt slot on its node (the node or its tool is at its limit), or after a
/// resource failure for another attempt of its tool to free one; <paramref name="Until"/> is then the latest next attempt.
/// </summary>
public sealed record TaskWaitingForResource(string Tool, string Reason, DateTimeOffset At, DateTimeOffset? Until = null) : ITaskEvent;

/// <summary>The task's tool is isolated on the node that holds the task: no attempt starts there until it is re-enabled.</summary>
public sealed record TaskHeldByIsolation(string Tool, string Node, string Reason, DateTimeOffset IsolatedSince, DateTimeOffset At) : ITaskEvent;

/// <summary>An attempt failed; <paramref name="RetryAt"/> is set when another attempt is scheduled.</summary>
public sealed record AttemptFailed(int Attempt, TaskError Error, double DurationMs, DateTimeOffset? RetryAt, DateTimeOffset At, string? Decision = null) : ITaskEvent;

/// <summary>The node running an attempt stopped or died before the attempt reported; the attempt runs again.</summary>
public sealed record AttemptInterrupted(int Attempt, string Reason, DateTimeOffset At, DateTimeOffset? RetryAt = null) : ITaskEvent;

public sealed record TaskFailed(TaskError Error, DateTimeOffset At) : ITaskEvent;

public sealed record TaskCancelled(string Reason, DateTimeOffset At) : ITaskEvent;

/// <summary>The task cannot succeed: it is parked in the dead-letter queue with its final error.</summary>
public sealed record TaskDeadLettered(TaskError Error, string Reason, DateTimeOffset At) : ITaskEvent;

/// <summary>An operator requeued a dead-lettered task: fresh retry budget, same id and idempotency key, history kept.</summary>
public sealed record TaskRequeued(int Requeue, string Reason, DateTimeOffset At) : ITaskEvent;

/// <summary>An operator purged the task from the dead-letter queue; its journal and history stay.</summary>
public sealed record TaskPurged(string Reason, DateTimeOffset At) : ITaskEvent;

/// <summary>An attempt registered a compensation (journaled before the handler hears it is registered); it runs when the task ends unsuccessfully.</summary>
public sealed record CompensationRegistered(int Number, int Attempt, string Tool, string Name, string? Data, Tools.CompensationScope Scope, DateTimeOffset At) : ITaskEvent;

/// <summary>A registered compensation ran to its outcome (after <paramref name="Tries"/> runs); <paramref name="Number"/> 0: one of an older journal, registered in memory.</summary>
public sealed record CompensationRan(string Name, bool Succeeded, string? Error, DateTimeOffset At, int Number = 0, int Tries = 1) : ITaskEvent;

/// <summary>The attempts relocated to <paramref name="From"/> (recovery level 4) ended between attempts; they run on the task's own node again.</summary>
public sealed record AttemptsCameHome(string From, string Reason, DateTimeOffset At) : ITaskEvent;

/// <summary>The open attempt's handler reported progress; a non-null <paramref name="Checkpoint"/> is handed to the task's next attempts.</summary>
public sealed record ProgressReported(int Attempt, double Percent, string? Message, string? Checkpoint, DateTimeOffset At) : ITaskEvent;

/// <summary>
/// The recovery plan for the task's next attempt, from its error fingerprint's recovery entity: the level, the strategy,
/// what was done (e.g. the handler reset), the attempt timeout factor and, when the tool reduced them, new parameters;
/// <c>RelocateTo</c> is the member the next attempts run on (level 4).
/// </summary>
public sealed record RecoveryPlanned(
    string Fingerprint,
    int Level,
    string Strategy,
    string Action,
    DateTimeOffset At,
    double TimeoutFactor = 1,
    string? Parameters = null,
    string? RelocateTo = null) : ITaskEvent;
