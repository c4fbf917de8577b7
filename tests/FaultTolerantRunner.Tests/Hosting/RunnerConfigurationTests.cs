using FaultTolerantRunner.Hosting;
using FaultTolerantRunner.Persistence;
using Microsoft.Extensions.Configuration;

namespace FaultTolerantRunner.Tests.Hosting;

public sealed class RunnerConfigurationTests
{
    [Fact]
    public void Defaults_give_a_one_node_cluster_on_embedded_sqlite()
    {
        var options = RunnerConfiguration.Load(Config());

        Assert.Equal("127.0.0.1", options.Cluster.Hostname);
        Assert.Equal(4053, options.Cluster.Port);
        Assert.Empty(options.Cluster.SeedNodes);
        Assert.Equal(PersistenceProvider.Sqlite, options.Persistence.Provider);
    }

    [Fact]
    public void Comma_separated_seed_nodes_are_parsed()
    {
        var options = RunnerConfiguration.Load(Config(("Cluster:SeedNodes", "akka.tcp://ftr@127.0.0.1:4053, akka.tcp://ftr@127.0.0.1:4054")));

        Assert.Equal(2, options.Cluster.SeedNodes.Count);
    }

    [Theory]
    [InlineData("Cluster:Port", "70000", "Cluster:Port")]
    [InlineData("Cluster:Port", "abc", "Cluster:Port")]
    [InlineData("Cluster:SeedNodes", "127.0.0.1:4053", "Cluster:SeedNodes")]
    [InlineData("Cluster:SeedNodes", "akka.tcp://other@127.0.0.1:4053", "Cluster:SeedNodes")]
    [InlineData("Persistence:Provider", "Oracle", "Persistence:Provider")]
    [InlineData("Persistence:ConnectionString", "Data Source=/proc/ftr/ftr.db", "Persistence:ConnectionString")]
    [InlineData("Tasks:RandomFactor", "3", "Tasks:RandomFactor")]
    [InlineData("Tasks:KillGrace", "soon", "Tasks")]
    [InlineData("Tasks:IndexCapacity", "5", "Tasks:IndexCapacity")]
    [InlineData("Tasks:ResumeSweepInterval", "00:00:00.100", "Tasks:ResumeSweepInterval")]
    [InlineData("Tasks:Retention", "00:00:00.500", "Tasks:Retention")]
    [InlineData("Tasks:RetentionInterval", "02:00:00", "Tasks:RetentionInterval")]
    [InlineData("Dlq:Retention", "00:00:00", "Dlq:Retention")]
    [InlineData("Dlq:Retension", "30.00:00:00", "Dlq")]
    [InlineData("Breakers:payments:FailureRatio", "2", "Breakers:payments:FailureRatio")]
    [InlineData("Retry:Transient:MaxRetries", "-1", "Retry:Transient:MaxRetries")]
    [InlineData("Retry:flaky:MaxRetries", "1", "Retry:flaky")]
    [InlineData("Recovery:Exploration", "1.5", "Recovery:Exploration")]
    [InlineData("Recovery:ResetAfterSuccesses", "0", "Recovery:ResetAfterSuccesses")]
    [InlineData("Recovery:Strategy", "fast", "Recovery")]
    [InlineData("Notifications:Webhooks:0", "ftp://alerts.example.com", "Notifications:Webhooks:0")]
    [InlineData("Notifications:Routes:high", "webhook,pager", "Notifications:Routes:high")]
    [InlineData("Notifications:Routes:urgent", "log", "Notifications:Routes:urgent")]
    [InlineData("Notifications:QueueCapacity", "0", "Notifications:QueueCapacity")]
    [InlineData("Analytics:ErrorRateThreshold", "10", "Analytics:ErrorRateThreshold")]
    [InlineData("Analytics:Window", "-00:01:00", "Analytics:Window")]
    [InlineData("SelfHealing:StuckAfter", "00:00:01", "SelfHealing:StuckAfter")]
    [InlineData("SelfHealing:HardBacklogLimit", "10", "SelfHealing:HardBacklogLimit")]
    [InlineData("Tools:Process:resize:Arguments:0", "{file}", "Tools:Process:resize")]
    [InlineData("Tasks:MaxConcurrentAttempts", "0", "Tasks:MaxConcurrentAttempts")]
    [InlineData("Tools:Concurrency:sleep", "0", "Tools:Concurrency:sleep")]
    [InlineData("Tools:Concurrency:sleep", "two", "Tools:Concurrency:sleep")]
    [InlineData("Retry:Resource:MaxWait", "-00:00:01", "Retry:Resource:MaxWait")]
    [InlineData("Retry:Transient:MaxWait", "00:00:10", "Retry:Transient:MaxWait")]
    public void A_bad_value_fails_at_start_naming_its_key(string key, string value, string named)
    {
        var error = Assert.Throws<RunnerConfigurationException>(() => RunnerConfiguration.Load(Config((key, value))));

        Assert.StartsWith(named, error.Message);
    }

    [Fact]
    public void PostgreSql_needs_a_connection_string()
    {
        var error = Assert.Throws<RunnerConfigurationException>(() => RunnerConfiguration.Load(Config(("Persistence:Provider", "PostgreSql"))));

        Assert.Equal("Persistence:ConnectionString", error.Key);
    }

    private static IConfiguration Config(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();
}
