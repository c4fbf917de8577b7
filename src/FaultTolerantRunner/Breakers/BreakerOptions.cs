using FaultTolerantRunner.Hosting;

namespace FaultTolerantRunner.Breakers;

/// <summary>How one guarded service's breaker behaves (<c>Breakers:&lt;name&gt;</c>, defaults under <c>Breakers:Default</c>).</summary>
public sealed record BreakerOptions
{
    /// <summary>Opens when failures / calls in the window reach this ratio (0, 1].</summary>
    public double FailureRatio { get; init; } = BreakerDefaults.FailureRatio;

    /// <summary>No opening before this many calls were made in the window.</summary>
    public int MinimumThroughput { get; init; } = BreakerDefaults.MinimumThroughput;

    /// <summary>The time-based sliding window the ratio is computed over.</summary>
    public TimeSpan SamplingWindow { get; init; } = BreakerDefaults.SamplingWindow;

    /// <summary>A successful call slower than this counts as a failure; null: off.</summary>
    public TimeSpan? SlowCallThreshold { get; init; }

    /// <summary>The first break; it grows by <see cref="BreakGrowth"/> each time a half-open probe fails, up to <see cref="MaxBreakDuration"/>.</summary>
    public TimeSpan BreakDuration { get; init; } = BreakerDefaults.BreakDuration;

    public double BreakGrowth { get; init; } = BreakerDefaults.BreakGrowth;

    public TimeSpan MaxBreakDuration { get; init; } = BreakerDefaults.MaxBreakDuration;

    /// <summary>How many probe calls may be in flight while half-open.</summary>
    public int HalfOpenProbes { get; init; } = BreakerDefaults.HalfOpenProbes;

    /// <summary>A probe permit not reported within this time is given back (its caller died or lost the answer).</summary>
    public TimeSpan ProbeTimeout { get; init; } = BreakerDefaults.ProbeTimeout;

    /// <summary>Consecutive probe successes that close the breaker.</summary>
    public int SuccessesToClose { get; init; } = BreakerDefaults.SuccessesToClose;

    public BreakerOptions Validate(string key)
    {
        if (FailureRatio is <= 0 or > 1 || double.IsNaN(FailureRatio)) throw Bad(key, "FailureRatio", $"must be in (0,1] (got {FailureRatio})");
        if (MinimumThroughput is < 1 or > 1_000_000) throw Bad(key, "MinimumThroughput", $"must be between 1 and 1000000 (got {MinimumThroughput})");
        if (SamplingWindow <= TimeSpan.Zero) throw Bad(key, "SamplingWindow", $"must be a positive duration (got {SamplingWindow})");
        if (SlowCallThreshold is { } slow && slow <= TimeSpan.Zero) throw Bad(key, "SlowCallThreshold", $"must be a positive duration (got {slow})");
        if (BreakDuration <= TimeSpan.Zero) throw Bad(key, "BreakDuration", $"must be a positive duration (got {BreakDuration})");
        if (MaxBreakDuration < BreakDuration) throw Bad(key, "MaxBreakDuration", $"must be at least BreakDuration {BreakDuration} (got {MaxBreakDuration})");
        if (BreakGrowth < 1 || double.IsNaN(BreakGrowth)) throw Bad(key, "BreakGrowth", $"must be at least 1 (got {BreakGrowth})");
        if (HalfOpenProbes is < 1 or > 1000) throw Bad(key, "HalfOpenProbes", $"must be between 1 and 1000 (got {HalfOpenProbes})");
        if (ProbeTimeout <= TimeSpan.Zero) throw Bad(key, "ProbeTimeout", $"must be a positive duration (got {ProbeTimeout})");
        if (SuccessesToClose is < 1 or > 1000) throw Bad(key, "SuccessesToClose", $"must be between 1 and 1000 (got {SuccessesToClose})");
        return this;
    }

    private static RunnerConfigurationException Bad(string key, string name, string problem) => new($"{key}:{name}", problem);
}
