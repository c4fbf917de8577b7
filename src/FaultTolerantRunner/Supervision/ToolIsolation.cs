using System.Collections.Concurrent;

namespace FaultTolerantRunner.Supervision;

/// <summary>
/// The tools this node has isolated after a critical failure. New tasks for an isolated tool are refused
/// (503) until an operator re-enables it; the node supervisor (<see cref="ToolGuardian"/>) fills it.
/// </summary>
public sealed class ToolIsolation
{
    private readonly ConcurrentDictionary<string, IsolatedTool> _isolated = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _enabledAt = new(StringComparer.Ordinal);

    public IsolatedTool? Get(string tool) => _isolated.GetValueOrDefault(tool);

    public IReadOnlyCollection<IsolatedTool> All => _isolated.Values.ToArray();

    /// <summary>
    /// Isolates the tool, unless the failure happened before an operator last re-enabled it: the same failure reaches the
    /// guardian twice (from its entity and, cluster-wide, from the notifier), and a copy arriving after the enable must
    /// not undo it.
    /// </summary>
    public bool Isolate(IsolatedTool isolated) =>
        !(_enabledAt.TryGetValue(isolated.Tool, out var enabled) && isolated.Since <= enabled) && _isolated.TryAdd(isolated.Tool, isolated);

    public bool Enable(string tool) => Enable(tool, DateTimeOffset.UtcNow);

    public bool Enable(string tool, DateTimeOffset at)
    {
        _enabledAt[tool] = at;
        return _isolated.TryRemove(tool, out _);
    }
}

public sealed record IsolatedTool(string Tool, string Reason, string TaskId, DateTimeOffset Since);
