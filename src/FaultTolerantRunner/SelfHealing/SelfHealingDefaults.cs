namespace FaultTolerantRunner.SelfHealing;

/// <summary>The defaults of <see cref="SelfHealingOptions"/> (section <c>SelfHealing</c>), stated once.</summary>
public static class SelfHealingDefaults
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    public static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(5);

    public static readonly TimeSpan StuckAfter = TimeSpan.FromSeconds(60);

    public const int BacklogLimit = 50_000;

    public const int HardBacklogLimit = 200_000;

    public const int MemoryLimitMb = 4096;

    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(5);
}
