using FaultTolerantRunner.Errors;

namespace FaultTolerantRunner.Tests.Analytics;

public sealed class AnomalyDetectorTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
    private static readonly AnalyticsOptions Options = new();

    private static WindowStats Stats(int finished, int failed, int recovered = 10, int notRecovered = 0, params (string Fingerprint, int Count)[] fingerprints) =>
        new(Options.Window, finished, failed, finished == 0 ? 0 : (double)failed / finished,
            new Dictionary<string, int> { ["transient"] = failed }, new Dictionary<string, int> { ["medium"] = failed },
            recovered, notRecovered, recovered + notRecovered == 0 ? 1 : (double)recovered / (recovered + notRecovered),
            fingerprints.Select(f => KeyValuePair.Create(f.Fingerprint, f.Count)).ToList());

    [Theory]
    [InlineData(100, 10, false)] // exactly 10 %: not above the threshold
    [InlineData(100, 11, true)]
    [InlineData(10, 9, false)] // too few attempts to judge
    public void The_error_rate_anomaly_fires_above_the_threshold_with_enough_volume(int finished, int failed, bool expected)
    {
        var found = AnomalyDetector.Detect(Stats(finished, failed), Options, Now);

        Assert.Equal(expected, found.Any(a => a.Kind == "error-rate"));
        if (expected) Assert.Contains("transient", found.Single(a => a.Kind == "error-rate").Recommendation);
    }

    [Fact]
    public void One_fingerprint_more_than_ten_times_in_the_window_is_a_burst()
    {
        var found = AnomalyDetector.Detect(Stats(1000, 20, fingerprints: [("http:external:aa", 11), ("flaky:transient:bb", 10)]), Options, Now);

        var burst = Assert.Single(found, a => a.Kind == "fingerprint-burst");
        Assert.Equal("http:external:aa", burst.Subject);
        Assert.Contains("ftr errors show http:external:aa", burst.Recommendation);
    }

    [Theory]
    [InlineData(8, 2, false)] // 20 %: not above
    [InlineData(7, 3, true)]
    [InlineData(1, 3, false)] // 4 outcomes: below MinRecoveries
    public void The_recovery_failure_anomaly_fires_above_twenty_percent(int recovered, int notRecovered, bool expected)
    {
        var found = AnomalyDetector.Detect(Stats(10, 0, recovered, notRecovered), Options, Now);

        Assert.Equal(expected, found.Any(a => a.Kind == "recovery-failure-rate"));
    }

    [Fact]
    public void Thresholds_come_from_configuration()
    {
        var strict = new AnalyticsOptions { ErrorRateThreshold = 0.01, MinAttempts = 5 };

        Assert.Contains(AnomalyDetector.Detect(Stats(50, 1), strict, Now), a => a.Kind == "error-rate");
    }

    [Fact]
    public void The_sliding_window_forgets_what_is_older_than_the_window()
    {
        var window = new SlidingWindow(TimeSpan.FromMinutes(5));
        window.Add(Now - TimeSpan.FromMinutes(6), "old");
        window.Add(Now - TimeSpan.FromMinutes(4), "recent");
        window.Add(Now, "now");

        Assert.Equal(["recent", "now"], window.Within(Now).Select(i => i.Key));
        Assert.Equal(["now"], window.Within(Now + TimeSpan.FromMinutes(4.5)).Select(i => i.Key));
    }
}
