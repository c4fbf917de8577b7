using System.Globalization;
using Akka.Cluster.Hosting;
using Akka.Cluster.Hosting.SBR;
using Akka.Configuration;
using Akka.Hosting;
using Akka.Remote.Hosting;

namespace FaultTolerantRunner.Hosting;

/// <summary>
/// Remoting and clustering from <see cref="ClusterNodeOptions"/>: Akka.Cluster.Hosting's typed options where they exist
/// (seeds, roles, failure detector, split-brain strategy), HOCON for the rest (resolver timing, downing margin, sharding).
/// </summary>
internal static class ClusterHostingExtensions
{
    /// <summary>
    /// The largest message remoting carries. Akka's default (128,000 bytes) is smaller than a task the API accepts (a 1 MiB
    /// body, whose parameters and result grow when escaped), and remoting drops a larger message with a log line only: such a
    /// task could not be submitted to, nor read from, an entity on another node. 16 MiB holds the largest accepted task's
    /// state; frames are allocated as large as the message, not as the limit.
    /// </summary>
    internal const int MaxFrameBytes = 16 * 1024 * 1024;

    internal static AkkaConfigurationBuilder WithFtrCluster(this AkkaConfigurationBuilder builder, ClusterNodeOptions cluster)
    {
        var fd = cluster.FailureDetector;
        builder.WithRemoting(new RemoteOptions { HostName = cluster.Hostname, Port = cluster.Port, MaxFrameSize = MaxFrameBytes });
        builder.WithClustering(new ClusterOptions
        {
            SeedNodes = cluster.SeedNodes.Select(s => ClusterNodeOptions.ParseSeed(s).ToString()).ToArray(),
            Roles = cluster.Roles.ToArray(),
            FailureDetector = new PhiAccrualFailureDetectorOptions
            {
                HeartbeatInterval = fd.HeartbeatInterval,
                AcceptableHeartbeatPause = fd.AcceptableHeartbeatPause,
                Threshold = fd.Threshold,
            },
            SplitBrainResolver = cluster.SplitBrainResolver.Strategy == SplitBrainResolverOptions.Off ? null : new KeepMajorityOption(),
        });
        builder.AddHocon(UntypedHocon(cluster), HoconAddMode.Prepend);
        if (cluster.SeedNodes.Count == 0)
        {
            // No seeds: this node is its own seed. Joining self after start also works with port 0 (tests).
            builder.AddStartup((system, _) => Akka.Cluster.Cluster.Get(system).Join(Akka.Cluster.Cluster.Get(system).SelfAddress));
        }
        return builder;
    }

    /// <summary>What Akka.Cluster.Hosting has no typed option for.</summary>
    private static Config UntypedHocon(ClusterNodeOptions cluster)
    {
        var sbr = cluster.SplitBrainResolver;
        var sharding = cluster.Sharding;
        // Akka's default downing provider is the split-brain resolver: "off" must switch it off explicitly.
        var off = sbr.Strategy == SplitBrainResolverOptions.Off ? "downing-provider-class = \"\"" : "";
        return ConfigurationFactory.ParseString($$"""
            # Room for running attempts to finish during a graceful leave (Tasks:HandOffDrain) before shards move.
            akka.coordinated-shutdown.phases.cluster-sharding-shutdown-region.timeout = 20s
            akka.cluster {
              {{off}}
              down-removal-margin = {{Ms(sbr.DownRemovalMargin)}}
              split-brain-resolver {
                stable-after = {{Ms(sbr.StableAfter)}}
                down-all-when-unstable = {{(sbr.DownAllWhenUnstable ? "on" : "off")}}
              }
              sharding {
                rebalance-interval = {{Ms(sharding.RebalanceInterval)}}
                handoff-timeout = {{Ms(sharding.HandOffTimeout)}}
                retry-interval = {{Ms(sharding.RetryInterval)}}
                least-shard-allocation-strategy {
                  rebalance-absolute-limit = {{sharding.RebalanceAbsoluteLimit}}
                  rebalance-relative-limit = 0.3
                }
              }
            }
            """);
    }

    private static string Ms(TimeSpan value) => ((long)value.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) + "ms";
}
