namespace FaultTolerantRunner.Contracts;

/// <summary><c>GET /health/live</c>: the process answers.</summary>
public sealed record LivenessView(string Status);
