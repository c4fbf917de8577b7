using FaultTolerantRunner.Persistence;
using FaultTolerantRunner.Tasks;
using FaultTolerantRunner.Tools.Processes;

namespace FaultTolerantRunner.Hosting;

/// <summary>Everything an embedder or the node sets for the runner; each part validates itself at start.</summary>
public sealed class RunnerOptions
{
    public ClusterNodeOptions Cluster { get; set; } = new();

    public PersistenceOptions Persistence { get; set; } = new();

    public TaskOptions Tasks { get; set; } = new();

    public DeadLetters.DlqOptions Dlq { get; set; } = new();

    /// <summary>Operator-defined process tools by name (<c>Tools:Process:&lt;name&gt;</c>).</summary>
    public Dictionary<string, ProcessToolOptions> ProcessTools { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The taxonomy table: defaults plus configured rules.</summary>
    public IReadOnlyList<Taxonomy.ClassificationRule> Rules { get; set; } = Taxonomy.DefaultRules.All;

    public Supervision.RetryPolicies Retry { get; set; } = new();

    public Breakers.BreakerSettings Breakers { get; set; } = new();

    public Recovery.RecoveryOptions Recovery { get; set; } = new();

    public Notifications.NotificationOptions Notifications { get; set; } = new();

    public Errors.AnalyticsOptions Analytics { get; set; } = new();

    public SelfHealing.SelfHealingOptions SelfHealing { get; set; } = new();

    public Schedules.ScheduleOptions Schedules { get; set; } = new();

    /// <summary>Fallback tool per tool (<c>Tools:Fallback:&lt;tool&gt;</c>), run while the tool's service is unavailable.</summary>
    public Dictionary<string, string> Fallbacks { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Most attempts of a tool running at once on this node (<c>Tools:Concurrency:&lt;tool&gt;</c>), under Tasks:MaxConcurrentAttempts.</summary>
    public Dictionary<string, int> Concurrency { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Registers echo, sleep, flaky, http and batch.</summary>
    public bool BuiltInTools { get; set; } = true;

    /// <summary>Set false when the embedding service configures remoting and clustering itself.</summary>
    public bool ConfigureCluster { get; set; } = true;

    public RunnerOptions Validate()
    {
        Cluster.Validate();
        Persistence.Validate();
        Tasks.Validate();
        Dlq.Validate();
        Recovery.Validate();
        Notifications.Validate();
        Analytics.Validate();
        SelfHealing.Validate();
        Schedules.Validate();
        foreach (var (name, tool) in ProcessTools) ProcessToolFactory.Create(name, tool);
        foreach (var (tool, limit) in Concurrency)
            if (limit is < 1 or > 100_000) throw new RunnerConfigurationException($"Tools:Concurrency:{tool}", $"must be between 1 and 100000 (got {limit})");
        return this;
    }
}
