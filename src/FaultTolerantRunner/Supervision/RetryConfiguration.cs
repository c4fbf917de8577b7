using FaultTolerantRunner.Hosting;
using FaultTolerantRunner.Taxonomy;
using Microsoft.Extensions.Configuration;

namespace FaultTolerantRunner.Supervision;

/// <summary>Reads <c>Retry:&lt;category&gt;</c> and <c>Retry:Tools:&lt;tool&gt;:&lt;category&gt;</c>; unset fields keep the defaults.</summary>
public static class RetryConfiguration
{
    public static RetryPolicies Load(IConfiguration configuration)
    {
        var section = configuration.GetSection("Retry");
        var categories = ReadCategories(section.GetChildren().Where(c => c.Key != "Bounds"), "Retry", RetryPolicies.Defaults, skip: "Tools");
        var tools = new Dictionary<string, IReadOnlyDictionary<ErrorCategory, RetryPolicy>>(StringComparer.Ordinal);
        foreach (var tool in section.GetSection("Tools").GetChildren())
            tools[tool.Key] = ReadCategories(tool.GetChildren(), $"Retry:Tools:{tool.Key}", categories, skip: null);
        var bounds = RunnerConfiguration.Bind<RetryBounds>(section.GetSection("Bounds"), "Retry:Bounds").Validate();
        return new RetryPolicies(categories, tools) { Bounds = bounds };
    }

    private static Dictionary<ErrorCategory, RetryPolicy> ReadCategories(IEnumerable<IConfigurationSection> children, string prefix,
        IReadOnlyDictionary<ErrorCategory, RetryPolicy> fallback, string? skip)
    {
        var result = new Dictionary<ErrorCategory, RetryPolicy>(fallback);
        foreach (var child in children)
        {
            if (child.Key == skip) continue;
            var key = $"{prefix}:{child.Key}";
            if (!Enum.TryParse<ErrorCategory>(child.Key, ignoreCase: true, out var category) || int.TryParse(child.Key, out _))
                throw new RunnerConfigurationException(key, $"is not a category; use one of {string.Join(", ", Enum.GetNames<ErrorCategory>()).ToLowerInvariant()}");
            var bound = RunnerConfiguration.Bind<PolicySettings>(child, key);
            if (bound.MaxWait is not null && category != ErrorCategory.Resource)
                throw new RunnerConfigurationException($"{key}:MaxWait", "applies only to resource failures (Retry:resource:MaxWait): other categories do not wait for a slot");
            var current = result[category];
            result[category] = new RetryPolicy(
                bound.MaxRetries ?? current.MaxRetries,
                bound.BaseDelay ?? current.BaseDelay,
                bound.Multiplier ?? current.Multiplier,
                bound.MaxDelay ?? current.MaxDelay,
                bound.RandomFactor ?? current.RandomFactor,
                bound.TimeoutGrowth ?? current.TimeoutGrowth,
                bound.MaxWait ?? current.MaxWait).Validate(key);
        }
        return result;
    }

    private sealed class PolicySettings
    {
        public int? MaxRetries { get; set; }

        public TimeSpan? BaseDelay { get; set; }

        public double? Multiplier { get; set; }

        public TimeSpan? MaxDelay { get; set; }

        public double? RandomFactor { get; set; }

        public double? TimeoutGrowth { get; set; }

        public TimeSpan? MaxWait { get; set; }
    }
}
