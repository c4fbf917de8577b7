namespace FaultTolerantRunner.Contracts;

/// <summary>A tool the node runs: what it does, its parameter schema, whether it is isolated on this node, and its attempt slots here.</summary>
/// <param name="Running">Attempts of the tool holding a slot on this node.</param>
/// <param name="Waiting">Its tasks waiting (WaitingForResource) for a slot or, after a resource failure, for a resource.</param>
/// <param name="Limit">Most attempts of it at once here now: Tools:Concurrency (else Tasks:MaxConcurrentAttempts), lowered after resource failures.</param>
public sealed record ToolView(
    string Name,
    ToolIsolationView? Isolated,
    string Description,
    double DefaultTimeoutSeconds,
    IReadOnlyList<ToolParameterView> Parameters,
    int Running = 0,
    int Waiting = 0,
    int? Limit = null);
