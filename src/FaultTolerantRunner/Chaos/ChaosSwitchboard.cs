using System.Collections.Concurrent;
using FaultTolerantRunner.Tools;

namespace FaultTolerantRunner.Chaos;

/// <summary>
/// The node's fault-injection switches, changeable at run time (<c>ftr chaos</c>, <c>/api/chaos</c>).
/// Randomness and time are injected so that tests decide exactly which calls fail.
/// </summary>
public sealed class ChaosSwitchboard(Random random, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, ChaosRule> _rules = new(StringComparer.Ordinal);
    private readonly Lock _randomLock = new();

    public ChaosSwitchboard() : this(new Random(), TimeProvider.System)
    {
    }

    public IReadOnlyList<ChaosRule> Rules => _rules.Values.OrderBy(r => r.Target, StringComparer.Ordinal).ToArray();

    public bool IsEmpty => _rules.IsEmpty;

    /// <summary>Switches faults on for a tool or guarded service (replacing an earlier switch for it).</summary>
    public ChaosRule Enable(string target, string category, double rate, int latencyMs)
    {
        if (ChaosRule.Problem(target, category, rate, latencyMs) is { } problem) throw new ArgumentException(problem);
        var rule = new ChaosRule(target, category, rate, latencyMs, time.GetUtcNow());
        _rules[target] = rule;
        return rule;
    }

    public bool Disable(string target) => _rules.TryRemove(target, out _);

    public ChaosRule? Find(string target) => _rules.GetValueOrDefault(target);

    /// <summary>Wraps a handler so that its attempts pass the switches first; costs one dictionary lookup while chaos is off.</summary>
    public ITaskHandler Wrap(string tool, ITaskHandler handler) =>
        handler is IGuardedTool ? new ChaosGuardedHandler(this, tool, handler) : new ChaosHandler(this, tool, handler);

    /// <summary>Applies the switch for a call (latency, then maybe a fault); nothing when no switch matches.</summary>
    internal async Task InjectAsync(string tool, string? service, CancellationToken cancellation)
    {
        var rule = Find(tool) ?? (service is null ? null : Find(service));
        if (rule is null) return;
        if (rule.LatencyMs > 0) await Task.Delay(TimeSpan.FromMilliseconds(rule.LatencyMs), time, cancellation).ConfigureAwait(false);
        double roll;
        lock (_randomLock) roll = random.NextDouble();
        if (roll < rule.Rate) throw ChaosFaults.Create(rule.Category, rule.Target);
    }
}
