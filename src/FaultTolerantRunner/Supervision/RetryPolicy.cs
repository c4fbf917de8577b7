namespace FaultTolerantRunner.Supervision;

/// <summary>
/// How one category of failure is retried: exponential backoff with a random factor, a cap and a retry budget.
/// <see cref="TimeoutGrowth"/> lengthens the attempt timeout after each timeout (retry with extended timeout).
/// <see cref="MaxWait"/> (resource only) bounds how long a task waits for another attempt of its tool to free a slot after a resource failure.
/// </summary>
public sealed record RetryPolicy(int MaxRetries, TimeSpan BaseDelay, double Multiplier, TimeSpan MaxDelay, double RandomFactor, double TimeoutGrowth = 1,
    TimeSpan? MaxWait = null)
{
    public static readonly TimeSpan DefaultResourceMaxWait = TimeSpan.FromMinutes(1);

    public static readonly RetryPolicy None = new(0, TimeSpan.Zero, 1, TimeSpan.Zero, 0);

    /// <summary>The delay before retry number <paramref name="retry"/> (1-based); <paramref name="random"/> in [0,1) gives the jitter.</summary>
    public TimeSpan DelayBefore(int retry, double random)
    {
        var exponential = BaseDelay.TotalMilliseconds * Math.Pow(Multiplier, Math.Max(0, retry - 1));
        var capped = Math.Min(exponential, MaxDelay.TotalMilliseconds);
        var jittered = capped * (1 + RandomFactor * (2 * random - 1));
        return TimeSpan.FromMilliseconds(Math.Max(0, jittered));
    }

    public RetryPolicy Validate(string key)
    {
        if (MaxRetries is < 0 or > 1000) throw new Hosting.RunnerConfigurationException($"{key}:MaxRetries", $"must be between 0 and 1000 (got {MaxRetries})");
        if (BaseDelay < TimeSpan.Zero) throw new Hosting.RunnerConfigurationException($"{key}:BaseDelay", $"must not be negative (got {BaseDelay})");
        if (MaxDelay < BaseDelay) throw new Hosting.RunnerConfigurationException($"{key}:MaxDelay", $"must be at least BaseDelay {BaseDelay} (got {MaxDelay})");
        if (Multiplier < 1 || double.IsNaN(Multiplier)) throw new Hosting.RunnerConfigurationException($"{key}:Multiplier", $"must be at least 1 (got {Multiplier})");
        if (RandomFactor is < 0 or > 1 || double.IsNaN(RandomFactor)) throw new Hosting.RunnerConfigurationException($"{key}:RandomFactor", $"must be between 0 and 1 (got {RandomFactor})");
        if (MaxWait is { } maxWait && (maxWait <= TimeSpan.Zero || maxWait > TimeSpan.FromDays(1)))
            throw new Hosting.RunnerConfigurationException($"{key}:MaxWait", $"must be between 00:00:00.001 and 1.00:00:00 (got {maxWait})");
        if (TimeoutGrowth < 1 || double.IsNaN(TimeoutGrowth)) throw new Hosting.RunnerConfigurationException($"{key}:TimeoutGrowth", $"must be at least 1 (got {TimeoutGrowth})");
        return this;
    }
}
