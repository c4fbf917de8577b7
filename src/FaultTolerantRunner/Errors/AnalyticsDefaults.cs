namespace FaultTolerantRunner.Errors;

/// <summary>The defaults of <see cref="AnalyticsOptions"/> (section <c>Analytics</c>), stated once.</summary>
public static class AnalyticsDefaults
{
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(5);

    public static readonly TimeSpan Retention = TimeSpan.FromDays(7);

    public const int MaxReports = 10_000;

    public const int MaxFingerprints = 5_000;

    public const double ErrorRateThreshold = 0.10;

    public const int MinAttempts = 20;

    public const int FingerprintBurst = 10;

    public const double RecoveryFailureThreshold = 0.20;

    public const int MinRecoveries = 5;

    public static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(10);
}
