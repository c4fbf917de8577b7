namespace FaultTolerantRunner.Contracts;

/// <summary>A breaker that is not closed, as diagnostics list it.</summary>
public sealed record OpenBreakerView(string Service, string Status, double FailureRatio, DateTimeOffset? NextHalfOpenAt);
