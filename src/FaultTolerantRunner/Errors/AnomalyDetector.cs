namespace FaultTolerantRunner.Errors;

/// <summary>The anomaly rules over a window's figures (thresholds from <see cref="AnalyticsOptions"/>), each with a recommendation.</summary>
public static class AnomalyDetector
{
    public static IReadOnlyList<Anomaly> Detect(WindowStats stats, AnalyticsOptions options, DateTimeOffset now)
    {
        var found = new List<Anomaly>();
        if (stats.AttemptsFinished >= options.MinAttempts && stats.ErrorRate > options.ErrorRateThreshold)
        {
            var top = stats.FailuresByCategory.OrderByDescending(c => c.Value).FirstOrDefault();
            found.Add(new Anomaly("error-rate", "attempts", stats.ErrorRate, options.ErrorRateThreshold,
                $"{stats.ErrorRate:P0} of {stats.AttemptsFinished} attempts failed in the last {Minutes(stats.Window)} (threshold {options.ErrorRateThreshold:P0})",
                top.Key is null ? "inspect ftr errors top" : $"most failures are {top.Key} ({top.Value}): {CategoryAdvice(top.Key)}", now));
        }
        foreach (var (fingerprint, count) in stats.TopFingerprints.Where(f => f.Value > options.FingerprintBurst))
            found.Add(new Anomaly("fingerprint-burst", fingerprint, count, options.FingerprintBurst,
                $"error {fingerprint} occurred {count} times in the last {Minutes(stats.Window)} (threshold {options.FingerprintBurst})",
                $"inspect it with ftr errors show {fingerprint}; if its service is down, trip its breaker (ftr breakers trip <service>) to stop the retries hammering it", now));
        var outcomes = stats.RecoveriesSucceeded + stats.RecoveriesFailed;
        if (outcomes >= options.MinRecoveries && 1 - stats.RecoverySuccessRate > options.RecoveryFailureThreshold)
            found.Add(new Anomaly("recovery-failure-rate", "recovery", 1 - stats.RecoverySuccessRate, options.RecoveryFailureThreshold,
                $"{1 - stats.RecoverySuccessRate:P0} of {outcomes} recovery actions failed in the last {Minutes(stats.Window)} (threshold {options.RecoveryFailureThreshold:P0})",
                "recovery is not working for these errors: check ftr recovery levels for fingerprints at level 4-5 and fix the cause (retrying harder will not)", now));
        return found;
    }

    private static string Minutes(TimeSpan window) => window.TotalMinutes >= 1 ? $"{window.TotalMinutes:0.#} min" : $"{window.TotalSeconds:0} s";

    private static string CategoryAdvice(string category) => category switch
    {
        "transient" => "a network path or dependency is flapping; check connectivity and the breakers",
        "resource" => "the node is short of disk, memory or connections; free capacity or add nodes",
        "timeout" => "a dependency is slow; check its latency, raise the tool's timeout only if the work is legitimately slow",
        "external" => "an external service is failing; check its status and the breakers",
        "validation" => "clients submit bad input; check the submitting system",
        "permanent" => "requests fail for good (permissions, missing resources); fix configuration or data",
        "critical" => "tools were isolated; inspect ftr errors list --severity critical and re-enable tools once fixed",
        _ => "inspect ftr errors top",
    };
}
