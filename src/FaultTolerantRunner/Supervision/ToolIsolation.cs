using System.Collections.Concurrent;

namespace FaultTolerantRunner.Supervision;

/// <summary>
/// The tools this node has isolated after a critical failure. New tasks for an isolated tool are refused
/// (503) until an operator re-enables it; the node supervisor (<see cref="ToolGuardian"/>) fills it.
/// </summary>
public sealed class ToolIsolation
{
    private readonly ConcurrentDictionary<string, IsolatedTool> _isolated = new(StringComparer.Ordinal);

    public IsolatedTool? Get(string tool) => _isolated.GetValueOrDefault(tool);

    public IReadOnlyCollection<IsolatedTool> All => _isolated.Values.ToArray();

    public bool Isolate(IsolatedTool isolated) => _isolated.TryAdd(isolated.Tool, isolated);

    public bool Enable(string tool) => _isolated.TryRemove(tool, out _);
}

public sealed record IsolatedTool(string Tool, string Reason, string TaskId, DateTimeOffset Since);
