namespace FaultTolerantRunner.Contracts;

/// <summary><c>GET /api/cluster/leader</c>: the leader's address, absent while there is none.</summary>
public sealed record ClusterLeaderView(string? Leader);
