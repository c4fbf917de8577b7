namespace FaultTolerantRunner.Contracts;

/// <summary>Why and since when a tool is isolated on this node after a critical failure.</summary>
public sealed record ToolIsolationView(string Tool, string Reason, string TaskId, DateTimeOffset Since);
