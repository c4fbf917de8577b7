namespace FaultTolerantRunner.Contracts;

/// <summary><c>GET /api/cluster/status</c>: this node's own status, the leader and member counts.</summary>
public sealed record ClusterStatusView(string Self, string SelfStatus, string Roles, string? Leader, int Members, int Up, int Unreachable);
