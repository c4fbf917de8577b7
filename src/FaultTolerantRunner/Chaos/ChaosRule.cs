using System.Globalization;

namespace FaultTolerantRunner.Chaos;

/// <summary>
/// A fault-injection switch for one tool or guarded service: this share of attempts gets this fault (an error of a
/// category, a hang or a crash), after this latency; in force on every node, or only on <see cref="Node"/> (a member address).
/// </summary>
public sealed record ChaosRule(string Target, string Category, double Rate, int LatencyMs, DateTimeOffset EnabledAt,
    string Fault = ChaosFaults.Error, string? Node = null)
{
    public const int MaxLatencyMs = 600_000;

    /// <summary>"all", or the one member address the switch is scoped to.</summary>
    public string Scope => Node ?? "all";

    /// <summary>What is wrong with a switch, in words an operator can act on; null when it is valid. An <c>error</c> needs a category; a <c>hang</c> or <c>crash</c> takes none (its outcome decides it).</summary>
    public static string? Problem(string target, string fault, string? category, double rate, int latencyMs) =>
        string.IsNullOrWhiteSpace(target) || target.Length > 200 || target.Any(char.IsControl)
            ? "a chaos target is a tool or service name of 1 to 200 printable characters"
        : !ChaosFaults.Kinds.Contains(fault)
            ? $"unknown fault '{fault}'; faults: {string.Join(", ", ChaosFaults.Kinds)}"
        : fault == ChaosFaults.Error && category is null
            ? "category is required for an error fault"
        : fault == ChaosFaults.Error && !ChaosFaults.Categories.Contains(category)
            ? $"unknown category '{category}'; categories: {string.Join(", ", ChaosFaults.Categories)}"
        : fault != ChaosFaults.Error && category is not null
            ? $"a {fault} takes no category (a hang ends as the attempt's timeout, a crash as a killed process); leave category out"
        : double.IsNaN(rate) || rate is < 0 or > 1
            ? $"rate must be between 0 and 1 (got {rate.ToString(CultureInfo.InvariantCulture)})"
        : latencyMs is < 0 or > MaxLatencyMs
            ? $"latency must be between 0 and {MaxLatencyMs} ms (got {latencyMs})"
        : null;
}
