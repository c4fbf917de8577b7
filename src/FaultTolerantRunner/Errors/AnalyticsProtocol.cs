using FaultTolerantRunner.Taxonomy;
using FaultTolerantRunner.SelfHealing;
namespace FaultTolerantRunner.Errors;

/// <summary>Queries the node's error registry answers.</summary>
public static class AnalyticsProtocol
{
    /// <param name="Status">open or resolved.</param>
    /// <param name="Sort">lastSeen (default) or count.</param>
    public sealed record ListErrors(ErrorCategory? Category, Severity? Severity, string? Tool, DateTimeOffset? Since, string? Status, string Sort, int Offset, int Limit);

    public sealed record ErrorList(IReadOnlyList<ErrorGroup> Items, int Total, int Offset, int Limit, bool CaughtUp);

    /// <summary>By fingerprint (the group, with its recent reports) or by report id.</summary>
    public sealed record GetError(string Id);

    public sealed record ErrorDetail(ErrorGroup Group, IReadOnlyList<Recovery.FailureRecorded> Reports);

    public sealed record ErrorNotFound(string Id);

    public sealed record GetStats
    {
        public static readonly GetStats Instance = new();
    }

    /// <param name="Rereads">Recovery events read again by re-scans (<see cref="Projections.RescanSchedule"/>).</param>
    /// <param name="LateEvents">Of those, the ones the live reader had skipped (committed after it gave their gap up).</param>
    public sealed record Stats(WindowStats Window, IReadOnlyList<Anomaly> Anomalies, IReadOnlyList<SelfHealingAction> Actions, bool CaughtUp,
        long Rereads = 0, long LateEvents = 0);

    public sealed record ListLevels(int MinLevel);

    public sealed record Levels(IReadOnlyList<ErrorGroup> Items);

    public sealed record GetStrategyMetrics
    {
        public static readonly GetStrategyMetrics Instance = new();
    }

    public sealed record StrategyMetricsList(IReadOnlyList<StrategyMetrics> Strategies, long ActionsRecorded, long OutcomesRecorded);
}
