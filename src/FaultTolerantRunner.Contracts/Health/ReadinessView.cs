namespace FaultTolerantRunner.Contracts;

/// <summary><c>GET /health/ready</c>: <c>ready</c> when this member is Up and the journal answers; 503 otherwise.</summary>
public sealed record ReadinessView(string Status, MemberStatusView Member, string Journal);
