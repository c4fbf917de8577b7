using FaultTolerantRunner.Serialization;
using FaultTolerantRunner.Taxonomy;

namespace FaultTolerantRunner.Recovery;

/// <summary>A journaled fact about one error fingerprint: its occurrences, level changes, recovery actions and their outcomes.</summary>
public interface IRecoveryEvent : IFtrSerializable
{
    DateTimeOffset At { get; }
}

/// <summary>One failure, as an error report; the registry aggregates these by fingerprint.</summary>
public sealed record FailureRecorded(
    string ReportId,
    string Fingerprint,
    ErrorCategory Category,
    Severity Severity,
    string Tool,
    string TaskId,
    int Attempt,
    string Node,
    string Type,
    string Message,
    string? Details,
    string? Rule,
    int AttemptLevel,
    bool Retryable,
    DateTimeOffset At) : IRecoveryEvent;

/// <summary>The fingerprint's level moved: escalation after a failed recovery, reset after successes, quiet time or an operator.</summary>
public sealed record LevelChanged(int From, int To, string? TaskId, string Reason, DateTimeOffset At) : IRecoveryEvent;

/// <summary>A recovery action was chosen for a task's next attempt. Every one is journaled (the 100 % record).</summary>
public sealed record RecoveryActionChosen(int Level, string Strategy, string TaskId, string Reason, DateTimeOffset At) : IRecoveryEvent;

/// <summary>How a recovery action ended: the task's next attempt succeeded, or failed again.</summary>
public sealed record StrategyOutcome(int Level, string Strategy, string TaskId, bool Succeeded, double RecoveryMs, DateTimeOffset At) : IRecoveryEvent;

/// <summary>A task with this fingerprint was dead-lettered.</summary>
public sealed record TaskDeadLetteredRecorded(string TaskId, string Reason, DateTimeOffset At) : IRecoveryEvent;

/// <summary>An alert (high) or incident (critical) record was raised for this fingerprint.</summary>
public sealed record NotificationRecorded(string Kind, Severity Severity, string Subject, string? TaskId, DateTimeOffset At) : IRecoveryEvent;

/// <summary>An operator marked the error resolved; the next occurrence reopens it.</summary>
public sealed record FingerprintResolved(string Note, DateTimeOffset At) : IRecoveryEvent;

/// <summary>
/// The fingerprint had <paramref name="Count"/> reports within <paramref name="Window"/>: the reports that follow carry
/// <paramref name="To"/>, one level above <paramref name="From"/>, and are notified at it.
/// </summary>
public sealed record SeverityRaised(Severity From, Severity To, int Count, TimeSpan Window, DateTimeOffset At) : IRecoveryEvent;

/// <summary>A raised severity fell back to <paramref name="To"/>, the fingerprint's own, on resolve or an operator's reset.</summary>
public sealed record SeverityReset(Severity From, Severity To, string Reason, DateTimeOffset At) : IRecoveryEvent;
