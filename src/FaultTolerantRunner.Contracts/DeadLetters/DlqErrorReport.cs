using FaultTolerantRunner.Taxonomy;

namespace FaultTolerantRunner.Contracts;

/// <summary>Why a task is in the dead-letter queue, in the shape of a problem: what failed, how, and what to do next.</summary>
public sealed record DlqErrorReport(
    ErrorCategory? Category,
    string? Code,
    Severity? Severity,
    string? Message,
    string? Details,
    string? Fingerprint,
    IReadOnlyList<string> SuggestedActions,
    bool RecoveryAttempted,
    int RecoveryLevel,
    string TaskId,
    DateTimeOffset? Timestamp);
