namespace FaultTolerantRunner.Contracts;

/// <summary>The settings a breaker runs with (configuration keys <c>Breakers:&lt;service&gt;:*</c>).</summary>
public sealed record BreakerOptionsView(
    double FailureRatio,
    int MinimumThroughput,
    TimeSpan SamplingWindow,
    TimeSpan? SlowCallThreshold,
    TimeSpan BreakDuration,
    double BreakGrowth,
    TimeSpan MaxBreakDuration,
    int HalfOpenProbes,
    TimeSpan ProbeTimeout,
    int SuccessesToClose);
