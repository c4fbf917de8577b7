namespace FaultTolerantRunner.Hosting;

/// <summary>
/// Akka's split-brain resolver (section <c>Cluster:SplitBrainResolver</c>): it downs unreachable nodes so that their shards
/// (and the tasks in them) move to the survivors. FTR runs keep-majority: the side with more than half the members survives.
/// </summary>
public sealed class SplitBrainResolverOptions
{
    public const string KeepMajority = "keep-majority";
    public const string Off = "off";

    /// <summary><c>keep-majority</c>, or <c>off</c> (nothing is downed automatically; an operator downs by hand).</summary>
    public string Strategy { get; set; } = ClusterDefaults.Strategy;

    /// <summary>How long membership and reachability must be stable before the resolver decides.</summary>
    public TimeSpan StableAfter { get; set; } = ClusterDefaults.StableAfter;

    /// <summary>
    /// After a node is removed, how long sharding waits before starting its shards elsewhere: a safety margin so that, in a
    /// network partition, the downed side has stopped its tasks first. Akka's default is StableAfter again; FTR uses less,
    /// since both sides of a partition decide after the same StableAfter and a crashed node runs nothing.
    /// </summary>
    public TimeSpan DownRemovalMargin { get; set; } = ClusterDefaults.DownRemovalMargin;

    /// <summary>Down every node when no decision was possible within StableAfter plus (3/4 StableAfter, at least 4 s): a flapping network must not keep two sides alive.</summary>
    public bool DownAllWhenUnstable { get; set; } = ClusterDefaults.DownAllWhenUnstable;

    public void Validate()
    {
        if (Strategy is not (KeepMajority or Off))
            throw new RunnerConfigurationException("Cluster:SplitBrainResolver:Strategy", $"must be {KeepMajority} or {Off} (got '{Strategy}')");
        if (StableAfter < TimeSpan.FromSeconds(1) || StableAfter > TimeSpan.FromMinutes(10))
            throw new RunnerConfigurationException("Cluster:SplitBrainResolver:StableAfter", $"must be between 00:00:01 and 00:10:00 (got {StableAfter})");
        // Zero would mean "off" to Akka, which then falls back to StableAfter: hence a small positive minimum.
        if (DownRemovalMargin < TimeSpan.FromMilliseconds(100) || DownRemovalMargin > TimeSpan.FromMinutes(10))
            throw new RunnerConfigurationException("Cluster:SplitBrainResolver:DownRemovalMargin", $"must be between 00:00:00.100 and 00:10:00 (got {DownRemovalMargin})");
    }
}
