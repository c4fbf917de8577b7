using FaultTolerantRunner.Persistence;
using FaultTolerantRunner.Problems;
using FaultTolerantRunner.Tasks;
using FaultTolerantRunner.Tools.Processes;
using Microsoft.Extensions.Configuration;

namespace FaultTolerantRunner.Hosting;

/// <summary>
/// Every configuration key the runner binds, and the strict check run before binding: a key under one of the runner's
/// sections that binds to nothing stops the start, naming the key and the closest known one.
/// </summary>
public static class RunnerKeys
{
    /// <summary>The runner's top-level sections and what may stand below each.</summary>
    public static ConfigKey Schema { get; } = Build();

    /// <summary>
    /// Throws <see cref="RunnerConfigurationException"/> for the first key under a runner section that is not known (nor in
    /// <paramref name="hostKeys"/>, keys a host reads itself, e.g. the node's <c>Cluster:Profile</c>), and for a top-level
    /// section whose name is a near miss of a runner section (<c>Persistance:Provider</c>). Other top-level keys belong to the
    /// host (Logging, urls, Kestrel, environment variables) and are left alone.
    /// </summary>
    public static void Check(IConfiguration configuration, IReadOnlyCollection<string>? hostKeys = null)
    {
        var host = new HashSet<string>(hostKeys ?? [], StringComparer.OrdinalIgnoreCase);
        foreach (var section in configuration.GetChildren())
        {
            if (Schema.Children.TryGetValue(section.Key, out var node))
            {
                Check(section, node, host);
                continue;
            }
            if (host.Contains(section.Key) || !section.GetChildren().Any()) continue;
            var near = Schema.Children.Keys.FirstOrDefault(k => Suggest.Distance(k.ToLowerInvariant(), section.Key.ToLowerInvariant()) <= 2);
            if (near is not null)
                throw new RunnerConfigurationException(section.Path, $"is not a known section; did you mean '{near}'?");
        }
    }

    private static void Check(IConfigurationSection section, ConfigKey node, HashSet<string> host)
    {
        foreach (var child in section.GetChildren())
        {
            if (host.Contains(child.Path)) continue;
            switch (node.Kind)
            {
                case ConfigKeyKind.Value:
                    throw new RunnerConfigurationException(child.Path, $"is not a known setting; {section.Path} takes a single value");
                case ConfigKeyKind.List:
                    if (!int.TryParse(child.Key, out _) || child.GetChildren().Any())
                        throw new RunnerConfigurationException(child.Path,
                            $"is not a known setting; {section.Path} is a list ({section.Path}:0, {section.Path}:1, … or one comma-separated value)");
                    break;
                default:
                    Check(child, Child(section, node, child), host);
                    break;
            }
        }
        if (node.Kind == ConfigKeyKind.Section && !string.IsNullOrEmpty(section.Value))
            throw new RunnerConfigurationException(section.Path, $"is a section, not a value; set the keys below it, e.g. {Example(section.Path, node)}");
    }

    private static ConfigKey Child(IConfigurationSection parent, ConfigKey node, IConfigurationSection child)
    {
        if (node.Children.TryGetValue(child.Key, out var named)) return named;
        if (node.Any is { } any && (node.AnyAllowed is null || node.AnyAllowed.Contains(child.Key, StringComparer.OrdinalIgnoreCase))) return any;
        var candidates = node.Children.Keys.Concat(node.AnyAllowed ?? []).ToList();
        var closest = Suggest.Closest(child.Key, candidates);
        var known = string.Join(", ", candidates.Concat(node.Any is not null && node.AnyAllowed is null ? [$"<{node.AnyPlaceholder}>"] : []));
        throw new RunnerConfigurationException(child.Path, closest is not null
            ? $"is not a known setting; did you mean '{parent.Path}:{closest}'?"
            : $"is not a known setting; known under {parent.Path}: {known}");
    }

    private static string Example(string path, ConfigKey node) =>
        node.Leaves(path).Select(l => l.Path).FirstOrDefault() ?? path;

    private static ConfigKey Build()
    {
        var retryPolicy = ConfigKey.Of(typeof(Supervision.RetryPolicy), null);
        var categories = Enum.GetNames<Taxonomy.ErrorCategory>();
        var breaker = ConfigKey.Of(typeof(Breakers.BreakerOptions), null);
        return ConfigKey.Section()
            .Add("Cluster", ConfigKey.Of<ClusterNodeOptions>())
            .Add("Persistence", ConfigKey.Of<PersistenceOptions>())
            .Add("Tasks", ConfigKey.Of<TaskOptions>())
            .Add("Dlq", ConfigKey.Of<DeadLetters.DlqOptions>())
            .Add("Tools", ConfigKey.Section()
                .Add("Process", ConfigKey.Section().AddAny("name", ConfigKey.Of<ProcessToolOptions>()))
                .Add("Fallback", ConfigKey.Section().AddAny("tool", ConfigKey.Value(typeof(string))))
                .Add("Concurrency", ConfigKey.Section().AddAny("tool", ConfigKey.Value(typeof(int)))))
            .Add("Taxonomy", ConfigKey.Section()
                .Add("Rules", ConfigKey.Section().AddAny("id", ConfigKey.Of(typeof(Taxonomy.ClassificationRule), null, nameof(Taxonomy.ClassificationRule.Id)))))
            .Add("Retry", ConfigKey.Section()
                .Add("Tools", ConfigKey.Section().AddAny("tool", ConfigKey.Section().AddAny("category", retryPolicy, categories)))
                .Add("Bounds", ConfigKey.Of<Supervision.RetryBounds>())
                .AddAny("category", retryPolicy, categories))
            .Add("Breakers", ConfigKey.Section()
                .Add(Breakers.BreakerDefaults.DefaultSection, ConfigKey.Of<Breakers.BreakerOptions>())
                .AddAny("service", breaker))
            .Add("Recovery", ConfigKey.Of<Recovery.RecoveryOptions>())
            .Add("Notifications", ConfigKey.Of<Notifications.NotificationOptions>())
            .Add("Analytics", ConfigKey.Of<Errors.AnalyticsOptions>())
            .Add("SelfHealing", ConfigKey.Of<SelfHealing.SelfHealingOptions>())
            .Add("Schedules", ConfigKey.Of<Schedules.ScheduleOptions>());
    }
}
