using FaultTolerantRunner.Taxonomy;

namespace FaultTolerantRunner.Contracts;

/// <summary>One strategy's record for one category and level, and the score the recovery ladder ranks it by.</summary>
public sealed record StrategyMetricsView(
    ErrorCategory Category,
    int Level,
    string Strategy,
    int Attempts,
    int Successes,
    double SuccessRate,
    double MeanRecoveryMs,
    double Score);
