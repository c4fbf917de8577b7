namespace FaultTolerantRunner.Errors;

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
