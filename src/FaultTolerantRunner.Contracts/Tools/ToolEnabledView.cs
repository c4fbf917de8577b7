namespace FaultTolerantRunner.Contracts;

/// <summary><c>POST /api/tools/{name}/enable</c>: the tool takes tasks again; whether it had been isolated.</summary>
public sealed record ToolEnabledView(string Name, bool Enabled, bool WasIsolated);
