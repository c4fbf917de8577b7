namespace FaultTolerantRunner.Errors;

/// <summary>Per (category, level, strategy): how recovery actions did, across fingerprints.</summary>
public sealed record StrategyMetrics(Taxonomy.ErrorCategory Category, int Level, string Strategy, int Attempts, int Successes, double SuccessRate, double MeanRecoveryMs, double Score);
