namespace FaultTolerantRunner.Hosting;

/// <summary>How task shards move between nodes (section <c>Cluster:Sharding</c>).</summary>
public sealed class ShardingOptions
{
    /// <summary>How often the coordinator checks whether shards should move to a less loaded (e.g. newly joined) node.</summary>
    public TimeSpan RebalanceInterval { get; set; } = ClusterDefaults.RebalanceInterval;

    /// <summary>Most shards moved in one rebalance round; small values move load gradually.</summary>
    public int RebalanceAbsoluteLimit { get; set; } = ClusterDefaults.RebalanceAbsoluteLimit;

    /// <summary>How long a shard hand-off (rebalance or graceful leave) may take before it is abandoned and retried.</summary>
    public TimeSpan HandOffTimeout { get; set; } = ClusterDefaults.HandOffTimeout;

    /// <summary>How often a region retries finding the coordinator or a shard's home: bounds the wait after the coordinator moved.</summary>
    public TimeSpan RetryInterval { get; set; } = ClusterDefaults.RetryInterval;

    public void Validate()
    {
        if (RebalanceInterval < TimeSpan.FromSeconds(1) || RebalanceInterval > TimeSpan.FromHours(1))
            throw new RunnerConfigurationException("Cluster:Sharding:RebalanceInterval", $"must be between 00:00:01 and 01:00:00 (got {RebalanceInterval})");
        if (RebalanceAbsoluteLimit is < 1 or > 10_000)
            throw new RunnerConfigurationException("Cluster:Sharding:RebalanceAbsoluteLimit", $"must be between 1 and 10000 (got {RebalanceAbsoluteLimit})");
        if (HandOffTimeout < TimeSpan.FromSeconds(5) || HandOffTimeout > TimeSpan.FromMinutes(10))
            throw new RunnerConfigurationException("Cluster:Sharding:HandOffTimeout", $"must be between 00:00:05 and 00:10:00 (got {HandOffTimeout})");
        if (RetryInterval < TimeSpan.FromMilliseconds(100) || RetryInterval > TimeSpan.FromMinutes(1))
            throw new RunnerConfigurationException("Cluster:Sharding:RetryInterval", $"must be between 00:00:00.100 and 00:01:00 (got {RetryInterval})");
    }
}
