using FaultTolerantRunner.Recovery;

namespace FaultTolerantRunner.Analytics;

/// <summary>Error reports with the same fingerprint, aggregated: counts, first and last seen, status, recovery level.</summary>
public sealed record ErrorGroup(
    string Fingerprint,
    string Category,
    string Severity,
    string Tool,
    string Rule,
    string Type,
    string LastMessage,
    long Count,
    DateTimeOffset FirstSeen,
    DateTimeOffset LastSeen,
    string Status,
    DateTimeOffset? ResolvedAt,
    int Level,
    long DeadLettered,
    long Alerts,
    long Incidents,
    IReadOnlyList<string> RecentReports)
{
    public static ErrorGroup From(FailureRecorded f) => new(f.Fingerprint, f.Category, f.Severity, f.Tool, f.Rule ?? "", f.Type, f.Message, 1,
        f.At, f.At, "open", null, 0, 0, 0, 0, [f.ReportId]);

    public ErrorGroup With(FailureRecorded f) => this with
    {
        Severity = f.Severity,
        LastMessage = f.Message,
        Count = Count + 1,
        LastSeen = f.At > LastSeen ? f.At : LastSeen,
        Status = "open",
        RecentReports = RecentReports.Prepend(f.ReportId).Take(20).ToArray(),
    };
}

/// <summary>Sliding-window figures over <see cref="AnalyticsOptions.Window"/>.</summary>
public sealed record WindowStats(
    TimeSpan Window,
    int AttemptsFinished,
    int AttemptsFailed,
    double ErrorRate,
    IReadOnlyDictionary<string, int> FailuresByCategory,
    IReadOnlyDictionary<string, int> FailuresBySeverity,
    int RecoveriesSucceeded,
    int RecoveriesFailed,
    double RecoverySuccessRate,
    IReadOnlyList<KeyValuePair<string, int>> TopFingerprints);

/// <summary>Something out of the ordinary in the window, with what to do about it.</summary>
public sealed record Anomaly(string Kind, string Subject, double Value, double Threshold, string Message, string Recommendation, DateTimeOffset Since);

/// <summary>A self-healing action (stuck attempt killed, intake paused or resumed, shedding on or off).</summary>
public sealed record SelfHealingAction(string Kind, string Detail, string Node, DateTimeOffset At) : Serialization.IFtrSerializable;

/// <summary>Per (category, level, strategy): how recovery actions did, across fingerprints.</summary>
public sealed record StrategyMetrics(string Category, int Level, string Strategy, int Attempts, int Successes, double SuccessRate, double MeanRecoveryMs, double Score);
