using FaultTolerantRunner.Hosting;
using Microsoft.Extensions.Configuration;

namespace FaultTolerantRunner.Breakers;

/// <summary>Breaker options per service: <c>Breakers:Default</c> for all, <c>Breakers:&lt;name&gt;</c> overriding it field by field.</summary>
public sealed class BreakerSettings(BreakerOptions defaults, IReadOnlyDictionary<string, BreakerOptions> services)
{
    public BreakerSettings() : this(new BreakerOptions(), new Dictionary<string, BreakerOptions>())
    {
    }

    public BreakerOptions Default => defaults;

    public IReadOnlyDictionary<string, BreakerOptions> Services => services;

    public BreakerOptions For(string service) => services.TryGetValue(service, out var own) ? own : defaults;

    /// <summary>These settings with <paramref name="service"/>'s own options (replacing any it had).</summary>
    public BreakerSettings With(string service, BreakerOptions options) =>
        new(defaults, new Dictionary<string, BreakerOptions>(services, StringComparer.Ordinal) { [service] = options });

    public static BreakerSettings Load(IConfiguration configuration)
    {
        var section = configuration.GetSection("Breakers");
        var defaults = Read(section.GetSection(BreakerDefaults.DefaultSection), new BreakerOptions(), $"Breakers:{BreakerDefaults.DefaultSection}");
        var services = new Dictionary<string, BreakerOptions>(StringComparer.Ordinal);
        foreach (var child in section.GetChildren().Where(c => !c.Key.Equals(BreakerDefaults.DefaultSection, StringComparison.OrdinalIgnoreCase)))
            services[child.Key] = Read(child, defaults, $"Breakers:{child.Key}");
        return new BreakerSettings(defaults, services);
    }

    private static BreakerOptions Read(IConfigurationSection section, BreakerOptions fallback, string key)
    {
        var bound = RunnerConfiguration.Bind<Settings>(section, key);
        return new BreakerOptions
        {
            FailureRatio = bound.FailureRatio ?? fallback.FailureRatio,
            MinimumThroughput = bound.MinimumThroughput ?? fallback.MinimumThroughput,
            SamplingWindow = bound.SamplingWindow ?? fallback.SamplingWindow,
            SlowCallThreshold = bound.SlowCallThreshold ?? fallback.SlowCallThreshold,
            BreakDuration = bound.BreakDuration ?? fallback.BreakDuration,
            BreakGrowth = bound.BreakGrowth ?? fallback.BreakGrowth,
            MaxBreakDuration = bound.MaxBreakDuration ?? fallback.MaxBreakDuration,
            HalfOpenProbes = bound.HalfOpenProbes ?? fallback.HalfOpenProbes,
            SuccessesToClose = bound.SuccessesToClose ?? fallback.SuccessesToClose,
            ProbeTimeout = bound.ProbeTimeout ?? fallback.ProbeTimeout,
        }.Validate(key);
    }

    private sealed class Settings
    {
        public double? FailureRatio { get; set; }

        public int? MinimumThroughput { get; set; }

        public TimeSpan? SamplingWindow { get; set; }

        public TimeSpan? SlowCallThreshold { get; set; }

        public TimeSpan? BreakDuration { get; set; }

        public double? BreakGrowth { get; set; }

        public TimeSpan? MaxBreakDuration { get; set; }

        public int? HalfOpenProbes { get; set; }

        public int? SuccessesToClose { get; set; }

        public TimeSpan? ProbeTimeout { get; set; }
    }
}
