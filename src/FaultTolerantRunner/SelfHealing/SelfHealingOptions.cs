using FaultTolerantRunner.Hosting;

namespace FaultTolerantRunner.SelfHealing;

/// <summary>Self-healing monitor settings (configuration section <c>SelfHealing</c>).</summary>
public sealed class SelfHealingOptions
{
    /// <summary>How often the monitor checks the journal, the backlog and memory.</summary>
    public TimeSpan Interval { get; set; } = SelfHealingDefaults.Interval;

    /// <summary>How often a running attempt reports that it is alive.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = SelfHealingDefaults.HeartbeatInterval;

    /// <summary>An open attempt without a heartbeat for this long is stuck: it is killed and run again.</summary>
    public TimeSpan StuckAfter { get; set; } = SelfHealingDefaults.StuckAfter;

    /// <summary>Unfinished tasks beyond which new low-priority submissions are shed (503 + Retry-After).</summary>
    public int BacklogLimit { get; set; } = SelfHealingDefaults.BacklogLimit;

    /// <summary>Unfinished tasks beyond which normal-priority submissions are shed too; high priority is always taken.</summary>
    public int HardBacklogLimit { get; set; } = SelfHealingDefaults.HardBacklogLimit;

    /// <summary>Managed heap (MiB) beyond which low-priority submissions are shed.</summary>
    public int MemoryLimitMb { get; set; } = SelfHealingDefaults.MemoryLimitMb;

    /// <summary>The Retry-After a shed or paused submission is given.</summary>
    public TimeSpan RetryAfter { get; set; } = SelfHealingDefaults.RetryAfter;

    public SelfHealingOptions Validate()
    {
        Positive(Interval, "SelfHealing:Interval");
        Positive(HeartbeatInterval, "SelfHealing:HeartbeatInterval");
        Positive(StuckAfter, "SelfHealing:StuckAfter");
        Positive(RetryAfter, "SelfHealing:RetryAfter");
        if (StuckAfter < HeartbeatInterval * 2)
            throw new RunnerConfigurationException("SelfHealing:StuckAfter", $"must be at least twice SelfHealing:HeartbeatInterval ({HeartbeatInterval}); got {StuckAfter}");
        if (BacklogLimit is < 1 or > 100_000_000)
            throw new RunnerConfigurationException("SelfHealing:BacklogLimit", $"must be between 1 and 100000000 (got {BacklogLimit})");
        if (HardBacklogLimit < BacklogLimit || HardBacklogLimit > 100_000_000)
            throw new RunnerConfigurationException("SelfHealing:HardBacklogLimit", $"must be between SelfHealing:BacklogLimit ({BacklogLimit}) and 100000000 (got {HardBacklogLimit})");
        if (MemoryLimitMb is < 16 or > 1_048_576)
            throw new RunnerConfigurationException("SelfHealing:MemoryLimitMb", $"must be between 16 and 1048576 (got {MemoryLimitMb})");
        return this;
    }

    private static void Positive(TimeSpan value, string key)
    {
        if (value <= TimeSpan.Zero) throw new RunnerConfigurationException(key, $"must be a positive duration such as 00:00:05 (got {value})");
    }
}
