namespace FaultTolerantRunner.Contracts;

/// <summary><c>POST /api/cluster/down-unreachable</c>: the members marked down.</summary>
public sealed record DownedView(IReadOnlyList<string> Downed, int Count);
