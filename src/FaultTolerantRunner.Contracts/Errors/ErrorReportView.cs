using FaultTolerantRunner.Taxonomy;

namespace FaultTolerantRunner.Contracts;

/// <summary>One failure as the error registry recorded it.</summary>
public sealed record ErrorReportView(
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
    DateTimeOffset At);
