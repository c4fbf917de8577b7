using System.Globalization;
using Akka.Configuration;

namespace FaultTolerantRunner.Hosting;

/// <summary>The failure detector, split-brain resolver and sharding settings of <see cref="ClusterNodeOptions"/> as HOCON.</summary>
public static class ClusterHocon
{
    public static Config Build(ClusterNodeOptions cluster)
    {
        var fd = cluster.FailureDetector;
        var sbr = cluster.SplitBrainResolver;
        var sharding = cluster.Sharding;
        var downing = sbr.Strategy == SplitBrainResolverOptions.Off
            ? "downing-provider-class = \"\""
            : """downing-provider-class = "Akka.Cluster.SBR.SplitBrainResolverProvider, Akka.Cluster" """;
        var hocon = $$"""
            # Room for running attempts to finish during a graceful leave (Tasks:HandOffDrain) before shards move.
            akka.coordinated-shutdown.phases.cluster-sharding-shutdown-region.timeout = 20s
            akka.cluster {
              {{downing}}
              down-removal-margin = {{Ms(sbr.DownRemovalMargin)}}
              split-brain-resolver {
                active-strategy = keep-majority
                stable-after = {{Ms(sbr.StableAfter)}}
                down-all-when-unstable = {{(sbr.DownAllWhenUnstable ? "on" : "off")}}
              }
              failure-detector {
                heartbeat-interval = {{Ms(fd.HeartbeatInterval)}}
                acceptable-heartbeat-pause = {{Ms(fd.AcceptableHeartbeatPause)}}
                threshold = {{fd.Threshold.ToString("0.0##", CultureInfo.InvariantCulture)}}
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
            """;
        return ConfigurationFactory.ParseString(hocon);
    }

    private static string Ms(TimeSpan value) => ((long)value.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) + "ms";
}
