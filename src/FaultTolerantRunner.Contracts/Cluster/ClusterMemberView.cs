namespace FaultTolerantRunner.Contracts;

/// <summary>A member of the cluster as this node sees it.</summary>
public sealed record ClusterMemberView(string Address, string Status, string Roles, bool Reachable, bool Unreachable, bool Leader, bool Self);
