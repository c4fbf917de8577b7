using System.Collections.Concurrent;
using FaultTolerantRunner.Tools;

namespace FaultTolerantRunner.Chaos;

/// <summary>
/// The fault-injection switches, changeable at run time (<c>ftr chaos</c>, <c>/api/chaos</c>). In a cluster it holds every
/// member's switches, replicated by <see cref="ChaosReplication"/>, and injects those in force on this node; without a
/// cluster it is this node's memory. Randomness and time are injected so that tests decide exactly which calls fail.
/// </summary>
public sealed class ChaosSwitchboard(Random random, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, ChaosRule> _rules = new(StringComparer.Ordinal);
    private readonly Lock _randomLock = new();
    private IChaosReplica? _replica;

    public ChaosSwitchboard() : this(new Random(), TimeProvider.System)
    {
    }

    /// <summary>This node's address (what a switch's <c>node</c> scope names); <c>local</c> until the replication starts.</summary>
    public string Self { get; private set; } = "local";

    /// <summary>Every switch known here, also those scoped to other nodes.</summary>
    public IReadOnlyList<ChaosRule> Rules => _rules.Values.OrderBy(r => r.Target, StringComparer.Ordinal).ToArray();

    public bool IsEmpty => _rules.IsEmpty;

    /// <summary>The members a switch can be scoped to, and where an unscoped one is in force: the cluster's, or this node alone.</summary>
    public IReadOnlyList<string> Members => _replica?.Members() ?? [Self];

    /// <summary>Switches faults on for a tool or guarded service on this node's view (replacing an earlier switch for it) and hands it to the cluster.</summary>
    public ChaosRule Enable(string target, string category, double rate, int latencyMs) =>
        Enable(target, ChaosFaults.Error, category, rate, latencyMs, null);

    public ChaosRule Enable(string target, string fault, string? category, double rate, int latencyMs, string? node)
    {
        var rule = Create(target, fault, category, rate, latencyMs, node);
        _rules[target] = rule;
        if (_replica is not null) Unawaited(_replica.PutAsync(rule));
        return rule;
    }

    /// <summary>As <see cref="Enable(string,string,string?,double,int,string?)"/>, returning once the switch is written to this node's replica, so no older view replaces it.</summary>
    public async Task<ChaosRule> EnableAsync(string target, string fault, string? category, double rate, int latencyMs, string? node)
    {
        if (_replica is null) return Enable(target, fault, category, rate, latencyMs, node);
        var rule = Create(target, fault, category, rate, latencyMs, node);
        Replace(await _replica.PutAsync(rule).ConfigureAwait(false));
        return rule;
    }

    public bool Disable(string target)
    {
        var removed = _rules.TryRemove(target, out _);
        if (removed && _replica is not null) Unawaited(_replica.RemoveAsync(target));
        return removed;
    }

    public async Task<bool> DisableAsync(string target)
    {
        if (_replica is null) return Disable(target);
        if (!_rules.ContainsKey(target)) return false;
        Replace(await _replica.RemoveAsync(target).ConfigureAwait(false));
        return true;
    }

    /// <summary>The switch for a target if it is in force on this node.</summary>
    public ChaosRule? Find(string target) => _rules.GetValueOrDefault(target) is { } rule && ChaosScope.Covers(rule, Self) ? rule : null;

    /// <summary>Wraps a handler so that its attempts pass the switches first; costs one dictionary lookup while chaos is off.</summary>
    public ITaskHandler Wrap(string tool, ITaskHandler handler) =>
        handler is IGuardedTool ? new ChaosGuardedHandler(this, tool, handler, time) : new ChaosHandler(this, tool, handler, time);

    /// <summary>The replication joins: from now on this board follows the cluster's switches.</summary>
    internal void Attach(string self, IChaosReplica replica)
    {
        Self = self;
        _replica = replica;
    }

    /// <summary>Takes the replicated switches as the whole truth (an update from the cluster).</summary>
    internal void Replace(IEnumerable<ChaosRule> rules)
    {
        var incoming = rules.ToDictionary(r => r.Target, StringComparer.Ordinal);
        foreach (var target in _rules.Keys.Where(t => !incoming.ContainsKey(t))) _rules.TryRemove(target, out _);
        foreach (var (target, rule) in incoming) _rules[target] = rule;
    }

    /// <summary>The switch for a call in force here, and whether this call is one of its share; null when none applies.</summary>
    internal (ChaosRule Rule, bool Hit)? Draw(string tool, string? service)
    {
        var rule = Find(tool) ?? (service is null ? null : Find(service));
        if (rule is null) return null;
        double roll;
        lock (_randomLock) roll = random.NextDouble();
        return (rule, roll < rule.Rate);
    }

    /// <summary>The synchronous calls do not wait for the replica; a failed write shows as the next replicated view without the change, not as an unobserved exception.</summary>
    private static void Unawaited(Task task) => task.ContinueWith(t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);

    private ChaosRule Create(string target, string fault, string? category, double rate, int latencyMs, string? node)
    {
        if (ChaosRule.Problem(target, fault, category, rate, latencyMs) is { } problem) throw new ArgumentException(problem);
        var (scope, scopeProblem) = ChaosScope.Resolve(node, Members);
        if (scopeProblem is not null) throw new ArgumentException(scopeProblem);
        return new ChaosRule(target, ChaosFaults.CategoryOf(fault, category), rate, latencyMs, time.GetUtcNow(), fault, scope);
    }
}
