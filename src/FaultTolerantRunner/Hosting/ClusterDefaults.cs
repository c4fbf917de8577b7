namespace FaultTolerantRunner.Hosting;

/// <summary>
/// The defaults of section <c>Cluster</c> (<see cref="ClusterNodeOptions"/> and its failure detector, split-brain resolver
/// and sharding parts), stated once. Tuned for a LAN: a crashed node is marked unreachable 2.5–3 s after the crash and its
/// shards start elsewhere a few seconds later (Akka's own defaults take ~45 s).
/// </summary>
public static class ClusterDefaults
{
    public const string Hostname = "127.0.0.1";

    public const int Port = 4053;

    public static readonly TimeSpan HeartbeatInterval = TimeSpan.FromMilliseconds(500);

    public static readonly TimeSpan AcceptableHeartbeatPause = TimeSpan.FromSeconds(2);

    public const double Threshold = 8.0;

    public const string Strategy = SplitBrainResolverOptions.KeepMajority;

    public static readonly TimeSpan StableAfter = TimeSpan.FromMilliseconds(1500);

    public static readonly TimeSpan DownRemovalMargin = TimeSpan.FromMilliseconds(500);

    public const bool DownAllWhenUnstable = true;

    public static readonly TimeSpan RebalanceInterval = TimeSpan.FromSeconds(5);

    public const int RebalanceAbsoluteLimit = 20;

    public static readonly TimeSpan HandOffTimeout = TimeSpan.FromSeconds(30);

    public static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(1);
}
