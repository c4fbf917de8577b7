using FaultTolerantRunner.Hosting;

namespace FaultTolerantRunner.Errors;

/// <summary>Error registry and anomaly settings (configuration section <c>Analytics</c>).</summary>
public sealed class AnalyticsOptions
{
    /// <summary>The sliding window of the error rate, per-category counts and the anomaly checks.</summary>
    public TimeSpan Window { get; set; } = AnalyticsDefaults.Window;

    /// <summary>Reports older than this leave memory (the journal keeps them).</summary>
    public TimeSpan Retention { get; set; } = AnalyticsDefaults.Retention;

    /// <summary>Individual error reports kept in memory, newest first; groups keep their counts regardless.</summary>
    public int MaxReports { get; set; } = AnalyticsDefaults.MaxReports;

    /// <summary>Error groups (fingerprints) kept in memory; past this the least recently seen resolved ones go first.</summary>
    public int MaxFingerprints { get; set; } = AnalyticsDefaults.MaxFingerprints;

    /// <summary>Anomaly: failed attempts / finished attempts in the window above this.</summary>
    public double ErrorRateThreshold { get; set; } = AnalyticsDefaults.ErrorRateThreshold;

    /// <summary>The error-rate anomaly needs at least this many finished attempts in the window.</summary>
    public int MinAttempts { get; set; } = AnalyticsDefaults.MinAttempts;

    /// <summary>Anomaly: one fingerprint seen more than this often in the window.</summary>
    public int FingerprintBurst { get; set; } = AnalyticsDefaults.FingerprintBurst;

    /// <summary>Anomaly: failed recovery actions / recovery actions with an outcome in the window above this.</summary>
    public double RecoveryFailureThreshold { get; set; } = AnalyticsDefaults.RecoveryFailureThreshold;

    /// <summary>The recovery-failure anomaly needs at least this many outcomes in the window.</summary>
    public int MinRecoveries { get; set; } = AnalyticsDefaults.MinRecoveries;

    /// <summary>How often anomalies are checked (and, on the cluster leader, notified when they start).</summary>
    public TimeSpan CheckInterval { get; set; } = AnalyticsDefaults.CheckInterval;

    public AnalyticsOptions Validate()
    {
        Positive(Window, "Analytics:Window");
        Positive(Retention, "Analytics:Retention");
        Positive(CheckInterval, "Analytics:CheckInterval");
        Range(MaxReports, 100, 10_000_000, "Analytics:MaxReports");
        Range(MaxFingerprints, 10, 1_000_000, "Analytics:MaxFingerprints");
        Range(MinAttempts, 1, 1_000_000, "Analytics:MinAttempts");
        Range(FingerprintBurst, 1, 1_000_000, "Analytics:FingerprintBurst");
        Range(MinRecoveries, 1, 1_000_000, "Analytics:MinRecoveries");
        Ratio(ErrorRateThreshold, "Analytics:ErrorRateThreshold");
        Ratio(RecoveryFailureThreshold, "Analytics:RecoveryFailureThreshold");
        return this;
    }

    private static void Positive(TimeSpan value, string key)
    {
        if (value <= TimeSpan.Zero) throw new RunnerConfigurationException(key, $"must be a positive duration such as 00:05:00 (got {value})");
    }

    private static void Range(int value, int min, int max, string key)
    {
        if (value < min || value > max) throw new RunnerConfigurationException(key, $"must be between {min} and {max} (got {value})");
    }

    private static void Ratio(double value, string key)
    {
        if (value is <= 0 or >= 1 || double.IsNaN(value)) throw new RunnerConfigurationException(key, $"must be a fraction between 0 and 1, e.g. 0.1 (got {value})");
    }
}
