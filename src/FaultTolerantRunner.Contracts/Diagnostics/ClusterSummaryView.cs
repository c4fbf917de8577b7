namespace FaultTolerantRunner.Contracts;

/// <summary>The cluster as diagnostics summarise it: this node, the leader, the members and the unreachable ones.</summary>
public sealed record ClusterSummaryView(string Self, string? Leader, IReadOnlyList<MemberStatusView> Members, IReadOnlyList<string> Unreachable);
