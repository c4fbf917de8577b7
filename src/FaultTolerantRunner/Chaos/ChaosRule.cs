namespace FaultTolerantRunner.Chaos;

/// <summary>A fault-injection switch for one tool or guarded service: fail this share of calls with this category, after this latency.</summary>
public sealed record ChaosRule(string Target, string Category, double Rate, int LatencyMs, DateTimeOffset EnabledAt)
{
    public const int MaxLatencyMs = 600_000;

    /// <summary>What is wrong with a switch, in words an operator can act on; null when it is valid.</summary>
    public static string? Problem(string target, string category, double rate, int latencyMs) =>
        string.IsNullOrWhiteSpace(target) || target.Length > 200 || target.Any(char.IsControl)
            ? "a chaos target is a tool or service name of 1 to 200 printable characters"
        : !ChaosFaults.Categories.Contains(category)
            ? $"unknown category '{category}'; categories: {string.Join(", ", ChaosFaults.Categories)}"
        : double.IsNaN(rate) || rate is < 0 or > 1
            ? $"rate must be between 0 and 1 (got {rate.ToString(System.Globalization.CultureInfo.InvariantCulture)})"
        : latencyMs is < 0 or > MaxLatencyMs
            ? $"latency must be between 0 and {MaxLatencyMs} ms (got {latencyMs})"
        : null;
}
