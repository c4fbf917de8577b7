using FaultTolerantRunner.Taxonomy;

namespace FaultTolerantRunner.Contracts;

/// <summary>One fingerprint's progressive recovery: level, counters, the strategies' records and its history (newest first).</summary>
public sealed record RecoveryView(
    string Fingerprint,
    ErrorCategory? Category,
    string? Tool,
    Severity? Severity,
    int Level,
    string LevelName,
    DateTimeOffset? LevelSince,
    DateTimeOffset? FirstSeen,
    DateTimeOffset? LastSeen,
    long Occurrences,
    string Status,
    string? LastMessage,
    long Actions,
    long DeadLettered,
    long Alerts,
    long Incidents,
    IReadOnlyList<RecoveryStrategyView> Strategies,
    IReadOnlyList<RecoveryHistoryView> History);
