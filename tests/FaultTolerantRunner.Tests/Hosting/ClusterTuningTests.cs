using Akka.Configuration;
using Akka.Hosting;
using FaultTolerantRunner.Hosting;
using FaultTolerantRunner.Persistence;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace FaultTolerantRunner.Tests.Hosting;

/// <summary>Failure detector, split-brain resolver and sharding settings: validated at start, rendered into Akka's configuration.</summary>
public sealed class ClusterTuningTests
{
    [Theory]
    [InlineData("Cluster:FailureDetector:HeartbeatInterval", "00:00:00.010", "Cluster:FailureDetector:HeartbeatInterval")]
    [InlineData("Cluster:FailureDetector:AcceptableHeartbeatPause", "00:00:00.200", "Cluster:FailureDetector:AcceptableHeartbeatPause")]
    [InlineData("Cluster:FailureDetector:Threshold", "0", "Cluster:FailureDetector:Threshold")]
    [InlineData("Cluster:FailureDetector:Treshold", "8", "Cluster:FailureDetector")]
    [InlineData("Cluster:SplitBrainResolver:Strategy", "keep-oldest", "Cluster:SplitBrainResolver:Strategy")]
    [InlineData("Cluster:SplitBrainResolver:StableAfter", "00:00:00", "Cluster:SplitBrainResolver:StableAfter")]
    [InlineData("Cluster:SplitBrainResolver:DownRemovalMargin", "00:00:00", "Cluster:SplitBrainResolver:DownRemovalMargin")]
    [InlineData("Cluster:SplitBrainResolver:DownAllWhenUnstable", "maybe", "Cluster:SplitBrainResolver")]
    [InlineData("Cluster:Sharding:RebalanceInterval", "00:00:00.100", "Cluster:Sharding:RebalanceInterval")]
    [InlineData("Cluster:Sharding:RebalanceAbsoluteLimit", "0", "Cluster:Sharding:RebalanceAbsoluteLimit")]
    [InlineData("Cluster:Sharding:HandOffTimeout", "00:00:01", "Cluster:Sharding:HandOffTimeout")]
    [InlineData("Cluster:Sharding:RetryInterval", "1.00:00:00", "Cluster:Sharding:RetryInterval")]
    [InlineData("Tasks:HandOffDrain", "-00:00:01", "Tasks:HandOffDrain")]
    public void A_bad_cluster_setting_fails_at_start_naming_its_key(string key, string value, string named)
    {
        var error = Assert.Throws<RunnerConfigurationException>(() => RunnerConfiguration.Load(Config((key, value))));

        Assert.StartsWith(named, error.Message);
    }

    [Fact]
    public void The_multi_profile_is_postgres_with_seeds_and_the_lan_tuning()
    {
        var profile = new ConfigurationBuilder().AddJsonFile(Path.Combine(RepositoryRoot(), "cluster-config", "multi.json")).Build();

        var options = RunnerConfiguration.Load(profile);

        Assert.Equal(PersistenceProvider.PostgreSql, options.Persistence.Provider);
        Assert.Single(options.Cluster.SeedNodes);
        Assert.Equal(TimeSpan.FromSeconds(2), options.Cluster.FailureDetector.AcceptableHeartbeatPause);
        Assert.Equal(SplitBrainResolverOptions.KeepMajority, options.Cluster.SplitBrainResolver.Strategy);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), options.Cluster.SplitBrainResolver.StableAfter);
        Assert.Equal(TimeSpan.FromMilliseconds(500), options.Cluster.FailureDetector.HeartbeatInterval);
        Assert.Equal(TimeSpan.FromMilliseconds(500), options.Cluster.SplitBrainResolver.DownRemovalMargin);
    }

    [Fact]
    public void Settings_become_akka_failure_detector_resolver_and_sharding_hocon()
    {
        var cluster = new ClusterNodeOptions();
        cluster.FailureDetector.AcceptableHeartbeatPause = TimeSpan.FromSeconds(4);
        cluster.SplitBrainResolver.StableAfter = TimeSpan.FromSeconds(7);
        cluster.Sharding.RebalanceAbsoluteLimit = 3;

        var hocon = ClusterConfig(cluster);

        // Akka.Cluster.Hosting writes the provider's assembly-qualified name (with version): compare the type it names.
        Assert.Equal(typeof(Akka.Cluster.SBR.SplitBrainResolverProvider), Type.GetType(hocon.GetString("akka.cluster.downing-provider-class")));
        Assert.Equal("keep-majority", hocon.GetString("akka.cluster.split-brain-resolver.active-strategy"));
        Assert.Equal(TimeSpan.FromSeconds(7), hocon.GetTimeSpan("akka.cluster.split-brain-resolver.stable-after"));
        Assert.Equal(TimeSpan.FromMilliseconds(500), hocon.GetTimeSpan("akka.cluster.down-removal-margin"));
        Assert.Equal(TimeSpan.FromSeconds(4), hocon.GetTimeSpan("akka.cluster.failure-detector.acceptable-heartbeat-pause"));
        Assert.Equal(8.0, hocon.GetDouble("akka.cluster.failure-detector.threshold"));
        Assert.Equal(3, hocon.GetInt("akka.cluster.sharding.least-shard-allocation-strategy.rebalance-absolute-limit"));
    }

    [Fact]
    public void Strategy_off_leaves_downing_to_the_operator()
    {
        var cluster = new ClusterNodeOptions();
        cluster.SplitBrainResolver.Strategy = SplitBrainResolverOptions.Off;

        Assert.Equal("", ClusterConfig(cluster).GetString("akka.cluster.downing-provider-class"));
    }

    /// <summary>The actor system configuration the runner's cluster registration composes (typed options and HOCON).</summary>
    private static Config ClusterConfig(ClusterNodeOptions cluster) =>
        new AkkaConfigurationBuilder(new ServiceCollection(), ClusterNodeOptions.SystemName).WithFtrCluster(cluster).Configuration.Value;

    private static IConfiguration Config(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "FaultTolerantRunner.sln"))) return dir.FullName;
        throw new InvalidOperationException("repository root not found");
    }
}
