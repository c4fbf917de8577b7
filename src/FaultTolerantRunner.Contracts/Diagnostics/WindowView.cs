namespace FaultTolerantRunner.Contracts;

/// <summary>Attempts, failures and recoveries over the analytics window (<c>Analytics:Window</c>).</summary>
public sealed record WindowView(
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
