namespace FaultTolerantRunner.Contracts;

/// <summary><c>GET /api/recovery/metrics</c>: every strategy's record over all fingerprints, and the formula that scores them.</summary>
public sealed record RecoveryMetricsView(IReadOnlyList<StrategyMetricsView> Strategies, long ActionsRecorded, long OutcomesRecorded, string Score);
