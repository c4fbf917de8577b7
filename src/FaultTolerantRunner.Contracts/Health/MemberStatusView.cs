namespace FaultTolerantRunner.Contracts;

/// <summary>A member's address and status (Joining, Up, Leaving, …).</summary>
public sealed record MemberStatusView(string Address, string Status);
