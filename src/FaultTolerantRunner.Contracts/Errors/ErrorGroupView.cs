using FaultTolerantRunner.Taxonomy;

namespace FaultTolerantRunner.Contracts;

/// <summary>Error reports grouped by fingerprint in the error registry: how often, since when, resolved or not.</summary>
public sealed record ErrorGroupView(
    string Id,
    string Fingerprint,
    ErrorCategory Category,
    Severity Severity,
    string Tool,
    string Rule,
    string Type,
    string Message,
    long Count,
    DateTimeOffset FirstSeen,
    DateTimeOffset LastSeen,
    string Status,
    DateTimeOffset? ResolvedAt,
    int RecoveryLevel,
    long DeadLettered,
    long Alerts,
    long Incidents,
    IReadOnlyList<string> RecentReports);
