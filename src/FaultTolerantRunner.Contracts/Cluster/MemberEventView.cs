namespace FaultTolerantRunner.Contracts;

/// <summary>One server-sent event of <c>GET /api/cluster/events</c>: a member or reachability change.</summary>
public sealed record MemberEventView(string Event, string Address, string Status, DateTimeOffset At);
