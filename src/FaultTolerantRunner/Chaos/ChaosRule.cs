namespace FaultTolerantRunner.Chaos;

/// <summary>A fault-injection switch for one tool or guarded service: fail this share of calls with this category, after this latency.</summary>
public sealed record ChaosRule(string Target, string Category, double Rate, int LatencyMs, DateTimeOffset EnabledAt)
{
    public const int MaxLatencyMs = 600_000;
}
