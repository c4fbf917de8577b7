namespace FaultTolerantRunner.Contracts;

/// <summary>How one strategy has done for one fingerprint at one level.</summary>
public sealed record RecoveryStrategyView(int Level, string Strategy, int Attempts, int Successes, double SuccessRate, double MeanRecoveryMs);
