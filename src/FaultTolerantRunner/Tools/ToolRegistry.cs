using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using FaultTolerantRunner.Problems;

namespace FaultTolerantRunner.Tools;

/// <summary>
/// The tools this node can run, by name. Handler instances are created on first use and can be
/// recreated (<see cref="Reset"/>) when recovery resets a component.
/// </summary>
public sealed class ToolRegistry
{
    private readonly IReadOnlyDictionary<string, Func<ITaskHandler>> _factories;
    private readonly ConcurrentDictionary<string, Lazy<ITaskHandler>> _instances = new(StringComparer.Ordinal);

    private readonly IReadOnlyDictionary<string, string> _fallbacks;
    private readonly Chaos.ChaosSwitchboard? _chaos;

    public ToolRegistry(IReadOnlyDictionary<string, Func<ITaskHandler>> factories, IReadOnlyDictionary<string, string>? fallbacks = null,
        Chaos.ChaosSwitchboard? chaos = null)
    {
        _factories = factories;
        _chaos = chaos;
        _fallbacks = fallbacks ?? new Dictionary<string, string>();
        foreach (var (tool, fallback) in _fallbacks)
        {
            if (!_factories.ContainsKey(tool))
                throw new Hosting.RunnerConfigurationException($"Tools:Fallback:{tool}", $"names a fallback for unknown tool '{tool}'");
            if (!_factories.ContainsKey(fallback))
                throw new Hosting.RunnerConfigurationException($"Tools:Fallback:{tool}", $"names unknown fallback tool '{fallback}'; known tools: {string.Join(", ", Names)}");
        }
    }

    /// <summary>The fallback chain of a tool (configuration first, then the tool's own declaration), without cycles.</summary>
    public IReadOnlyList<string> FallbacksOf(string tool)
    {
        var chain = new List<string>();
        var current = tool;
        while (true)
        {
            var next = _fallbacks.GetValueOrDefault(current) ?? (Contains(current) ? Get(current).FallbackTool : null);
            if (next is null || next == tool || chain.Contains(next) || !Contains(next)) return chain;
            chain.Add(next);
            current = next;
        }
    }

    /// <summary>The guarded service a call of this tool goes to, if any.</summary>
    public string? ServiceOf(string tool, string parameters) =>
        Contains(tool) && Get(tool) is IGuardedTool guarded ? guarded.ServiceFor(ToolParameters.Parse(parameters)) : null;

    public IReadOnlyCollection<string> Names => _factories.Keys.Order(StringComparer.Ordinal).ToArray();

    public bool Contains(string name) => _factories.ContainsKey(name);

    public ITaskHandler Get(string name)
    {
        if (!_factories.TryGetValue(name, out var factory)) throw UnknownTool(name);
        var handler = _instances.GetOrAdd(name, _ => new Lazy<ITaskHandler>(factory)).Value;
        return _chaos is null ? handler : _chaos.Wrap(name, handler);
    }

    /// <summary>The tool's compensator, if it declares one (the handler itself, not its chaos wrapper: faults are injected into attempts).</summary>
    public ICompensatingTool? CompensatorOf(string name) =>
        _factories.TryGetValue(name, out var factory) ? _instances.GetOrAdd(name, _ => new Lazy<ITaskHandler>(factory)).Value as ICompensatingTool : null;

    /// <summary>Drops the cached handler so the next attempt gets a fresh instance (disposing the old one).</summary>
    public void Reset(string name)
    {
        if (_instances.TryRemove(name, out var old) && old.IsValueCreated && old.Value is IDisposable disposable)
            disposable.Dispose();
    }

    /// <summary>Validates a submission: the tool exists and its parameters fit the schema.</summary>
    public ToolParameters Validate(string? tool, JsonObject? parameters)
    {
        if (string.IsNullOrWhiteSpace(tool))
            throw new FtrProblemException(FtrProblem.Validation("missing-tool",
                $"a task needs a tool; known tools: {string.Join(", ", Names)}", null,
                "set \"tool\" in the request body, e.g. {\"tool\":\"echo\",\"parameters\":{\"text\":\"hi\"}}"));
        var handler = Get(tool);
        return ParameterValidator.Validate(tool, handler.Parameters, parameters);
    }

    public FtrProblemException UnknownTool(string name)
    {
        var closest = Suggest.Closest(name, _factories.Keys);
        return new FtrProblemException(FtrProblem.Validation("unknown-tool",
            $"unknown tool '{name}'; known tools: {string.Join(", ", Names)}" + (closest is null ? "" : $" (did you mean '{closest}'?)"),
            null,
            closest is null ? "pick one of the known tools" : $"use '{closest}'",
            "list tools and their parameters with: ftr tools list  (or GET /api/tools)"));
    }
}
