namespace FaultTolerantRunner.Contracts;

/// <summary>A tool the node runs: what it does, its parameter schema, and whether it is isolated on this node.</summary>
public sealed record ToolView(
    string Name,
    ToolIsolationView? Isolated,
    string Description,
    double DefaultTimeoutSeconds,
    IReadOnlyList<ToolParameterView> Parameters);
