using FaultTolerantRunner.Hosting;
using FaultTolerantRunner.Persistence;
using Microsoft.Extensions.Configuration;

namespace FaultTolerantRunner.Tests.Hosting;

/// <summary>Every key under the runner's sections must bind to something; a misspelt one stops the start naming it.</summary>
public sealed class StrictConfigurationTests
{
    [Theory]
    [InlineData("Persistence:Provder", "Sqlite", "Persistence:Provider")]
    [InlineData("Tasks:MinBackof", "00:00:01", "Tasks:MinBackoff")]
    [InlineData("Cluster:SplitBrainResolver:StableAftr", "00:00:02", "Cluster:SplitBrainResolver:StableAfter")]
    [InlineData("Cluster:Sharding:HandoffTimout", "00:00:30", "Cluster:Sharding:HandOffTimeout")]
    [InlineData("Notifications:QueueCapacty", "10", "Notifications:QueueCapacity")]
    [InlineData("SelfHealing:StuckAftr", "00:02:00", "SelfHealing:StuckAfter")]
    public void A_misspelt_key_of_a_section_stops_the_start_naming_it_and_the_closest_known_one(string key, string value, string meant)
    {
        var error = Assert.Throws<RunnerConfigurationException>(() => RunnerConfiguration.Load(Config((key, value))));

        Assert.Equal(key, error.Key);
        Assert.Equal($"{key} is not a known setting; did you mean '{meant}'?", error.Message);
    }

    [Theory]
    [InlineData("Tools:Process:resize:Comand", "Tools:Process:resize:Command")]
    [InlineData("Tools:Process:resize:Parameters:file:Typ", "Tools:Process:resize:Parameters:file:Type")]
    [InlineData("Breakers:payments:FailureRatoi", "Breakers:payments:FailureRatio")]
    [InlineData("Breakers:Default:MinimumThroughtput", "Breakers:Default:MinimumThroughput")]
    [InlineData("Taxonomy:Rules:quota:Mesage", "Taxonomy:Rules:quota:Message")]
    [InlineData("Retry:Transient:MaxRetrys", "Retry:Transient:MaxRetries")]
    [InlineData("Retry:Tools:http:External:BaseDelai", "Retry:Tools:http:External:BaseDelay")]
    public void A_misspelt_key_inside_a_named_entry_stops_the_start_naming_it_and_the_closest_known_one(string key, string meant)
    {
        var error = Assert.Throws<RunnerConfigurationException>(() => RunnerConfiguration.Load(Config((key, "1"))));

        Assert.Equal($"{key} is not a known setting; did you mean '{meant}'?", error.Message);
    }

    [Fact]
    public void A_misspelt_category_of_a_retry_policy_is_named_with_the_category_meant()
    {
        var error = Assert.Throws<RunnerConfigurationException>(() => RunnerConfiguration.Load(Config(("Retry:Transiet:MaxRetries", "3"))));

        Assert.Equal("Retry:Transiet is not a known setting; did you mean 'Retry:Transient'?", error.Message);
    }

    [Fact]
    public void A_misspelt_runner_section_stops_the_start_naming_the_section_meant()
    {
        var error = Assert.Throws<RunnerConfigurationException>(() => RunnerConfiguration.Load(Config(("Persistance:Provider", "PostgreSql"))));

        Assert.Equal("Persistance is not a known section; did you mean 'Persistence'?", error.Message);
    }

    [Theory]
    [InlineData("Tasks:MinBackoff:Seconds", "1", "Tasks:MinBackoff takes a single value")]
    [InlineData("Cluster:SeedNodes:0:Host", "127.0.0.1", "Cluster:SeedNodes is a list")]
    [InlineData("Cluster:FailureDetector", "fast", "Cluster:FailureDetector is a section")]
    public void A_key_of_the_wrong_shape_is_named_with_the_shape_expected(string key, string value, string expected)
    {
        var error = Assert.Throws<RunnerConfigurationException>(() => RunnerConfiguration.Load(Config((key, value))));

        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void Keys_the_host_owns_and_keys_in_any_letter_case_are_accepted()
    {
        var options = RunnerConfiguration.Load(Config(
            ("Logging:LogLevel:Default", "Warning"), ("urls", "http://127.0.0.1:0"), ("Kestrel:Limits:MaxRequestBodySize", "10"),
            ("AllowedHosts", "*"), ("Security:ApiKeys:0", "0123456789abcdef"), ("PATH", "/usr/bin"), ("Telemetry:OtlpEndpoint", "http://x"),
            ("persistence:provider", "Sqlite"), ("TASKS:MINBACKOFF", "00:00:00.200"), ("Tools:Process:wc:Command", "/usr/bin/wc"),
            ("Tools:Process:wc:Arguments:0", "-w"), ("Cluster:SeedNodes", ""), ("Notifications:Routes:high", "log")));

        Assert.Equal(PersistenceProvider.Sqlite, options.Persistence.Provider);
        Assert.Equal(TimeSpan.FromMilliseconds(200), options.Tasks.MinBackoff);
    }

    [Fact]
    public void A_key_the_host_reads_inside_a_runner_section_is_accepted_only_when_the_host_names_it()
    {
        var config = Config(("Cluster:Profile", "multi"));

        RunnerConfiguration.Load(config, ["Cluster:Profile"]);
        var error = Assert.Throws<RunnerConfigurationException>(() => RunnerConfiguration.Load(config));

        Assert.Equal("Cluster:Profile", error.Key);
    }

    private static IConfiguration Config(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();
}
