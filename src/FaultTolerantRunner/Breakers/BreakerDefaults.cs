namespace FaultTolerantRunner.Breakers;

/// <summary>The defaults of <see cref="BreakerOptions"/> (<c>Breakers:Default</c> unless configured), stated once.</summary>
public static class BreakerDefaults
{
    /// <summary>The section key whose options every guarded service starts from.</summary>
    public const string DefaultSection = "Default";

    public const double FailureRatio = 0.5;

    public const int MinimumThroughput = 10;

    public static readonly TimeSpan SamplingWindow = TimeSpan.FromSeconds(30);

    public static readonly TimeSpan BreakDuration = TimeSpan.FromSeconds(5);

    public const double BreakGrowth = 2;

    public static readonly TimeSpan MaxBreakDuration = TimeSpan.FromMinutes(5);

    public const int HalfOpenProbes = 1;

    public static readonly TimeSpan ProbeTimeout = TimeSpan.FromMinutes(2);

    public const int SuccessesToClose = 3;
}
