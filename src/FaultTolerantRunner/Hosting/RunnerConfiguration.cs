using System.Globalization;
using FaultTolerantRunner.Persistence;
using FaultTolerantRunner.Tasks;
using FaultTolerantRunner.Tools.Processes;
using Microsoft.Extensions.Configuration;

namespace FaultTolerantRunner.Hosting;

/// <summary>
/// Reads <see cref="RunnerOptions"/> from standard .NET configuration (command line <c>--Cluster:Port=4054</c>,
/// environment <c>Cluster__Port=4054</c>, appsettings), failing with the key named for every bad value and every key that
/// binds to nothing (<see cref="RunnerKeys"/>).
/// </summary>
public static class RunnerConfiguration
{
    /// <param name="configuration">The root holding the runner's sections (<c>Cluster</c>, <c>Tasks</c>, …) beside the host's own.</param>
    /// <param name="hostKeys">Keys under the runner's sections that the host reads itself (the node's <c>Cluster:Profile</c>).</param>
    public static RunnerOptions Load(IConfiguration configuration, IReadOnlyCollection<string>? hostKeys = null)
    {
        RunnerKeys.Check(configuration, hostKeys);
        var options = new RunnerOptions();

        var cluster = configuration.GetSection("Cluster");
        options.Cluster.Hostname = cluster["Hostname"] ?? options.Cluster.Hostname;
        options.Cluster.Port = Int(cluster, "Cluster:Port", "Port") ?? options.Cluster.Port;
        options.Cluster.SeedNodes = List(cluster, "SeedNodes");
        options.Cluster.Roles = List(cluster, "Roles");
        options.Cluster.FailureDetector = Bind<FailureDetectorOptions>(cluster.GetSection("FailureDetector"), "Cluster:FailureDetector");
        options.Cluster.SplitBrainResolver = Bind<SplitBrainResolverOptions>(cluster.GetSection("SplitBrainResolver"), "Cluster:SplitBrainResolver");
        options.Cluster.Sharding = Bind<ShardingOptions>(cluster.GetSection("Sharding"), "Cluster:Sharding");

        var persistence = configuration.GetSection("Persistence");
        if (persistence["Provider"] is { } provider)
        {
            if (!Enum.TryParse<PersistenceProvider>(provider, ignoreCase: true, out var parsed) || int.TryParse(provider, out _))
                throw new RunnerConfigurationException("Persistence:Provider", $"must be Sqlite or PostgreSql (got '{provider}')");
            options.Persistence.Provider = parsed;
        }
        if (persistence["Journal"] is { } journal)
        {
            if (!Enum.TryParse<JournalWriter>(journal, ignoreCase: true, out var writer) || int.TryParse(journal, out _))
                throw new RunnerConfigurationException("Persistence:Journal", $"must be ftr (FTR's group-committing writer) or sql (Akka.Persistence.Sql's own) (got '{journal}')");
            options.Persistence.Journal = writer;
        }
        if (persistence["ConnectionString"] is { } connection) options.Persistence.ConnectionString = connection;
        else if (options.Persistence.Provider == PersistenceProvider.PostgreSql)
            throw new RunnerConfigurationException("Persistence:ConnectionString", "is required when Persistence:Provider is PostgreSql, e.g. Host=127.0.0.1;Database=ftr;Username=ftr;Password=ftr");

        options.Tasks = Bind<TaskOptions>(configuration.GetSection("Tasks"), "Tasks");
        options.Dlq = Bind<DeadLetters.DlqOptions>(configuration.GetSection("Dlq"), "Dlq");
        foreach (var tool in configuration.GetSection("Tools:Process").GetChildren())
            options.ProcessTools[tool.Key] = Bind<ProcessToolOptions>(tool, $"Tools:Process:{tool.Key}");

        options.Rules = Taxonomy.TaxonomyConfiguration.Load(configuration, Taxonomy.DefaultRules.All);
        options.Retry = Supervision.RetryConfiguration.Load(configuration);
        options.Breakers = Breakers.BreakerSettings.Load(configuration);
        options.Recovery = Bind<Recovery.RecoveryOptions>(configuration.GetSection("Recovery"), "Recovery");
        options.Notifications = Bind<Notifications.NotificationOptions>(configuration.GetSection("Notifications"), "Notifications");
        options.Analytics = Bind<Errors.AnalyticsOptions>(configuration.GetSection("Analytics"), "Analytics");
        options.SelfHealing = Bind<SelfHealing.SelfHealingOptions>(configuration.GetSection("SelfHealing"), "SelfHealing");
        options.Schedules = Bind<Schedules.ScheduleOptions>(configuration.GetSection("Schedules"), "Schedules");
        foreach (var fallback in configuration.GetSection("Tools:Fallback").GetChildren())
            if (fallback.Value is { Length: > 0 } tool) options.Fallbacks[fallback.Key] = tool;
        var concurrency = configuration.GetSection("Tools:Concurrency");
        foreach (var limit in concurrency.GetChildren())
            options.Concurrency[limit.Key] = Int(concurrency, $"Tools:Concurrency:{limit.Key}", limit.Key) ?? 0;
        return options.Validate();
    }

    private static int? Int(IConfiguration section, string key, string name)
    {
        var text = section[name];
        if (text is null) return null;
        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new RunnerConfigurationException(key, $"must be a whole number (got '{text}')");
    }

    /// <summary>Accepts both a comma-separated string and an indexed list (<c>SeedNodes:0</c>, <c>SeedNodes:1</c>).</summary>
    private static List<string> List(IConfigurationSection section, string name)
    {
        var child = section.GetSection(name);
        var items = child.Value is { } joined
            ? joined.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : child.GetChildren().Select(c => c.Value).OfType<string>();
        return items.Where(s => s.Length > 0).ToList();
    }

    /// <summary>Binds a section strictly (unknown keys are errors) and reports a bad value with its key, without a stack trace.</summary>
    internal static T Bind<T>(IConfigurationSection section, string key) where T : new()
    {
        var value = new T();
        try
        {
            section.Bind(value, o => o.ErrorOnUnknownConfiguration = true);
        }
        catch (InvalidOperationException e)
        {
            // The binder names the failing path and the expected type; keep that, drop the stack.
            throw new RunnerConfigurationException(key, $"has a bad value: {e.Message}");
        }
        return value;
    }
}
