namespace FaultTolerantRunner.Contracts;

/// <summary>The calls a breaker counts now: over the last <see cref="Seconds"/>, how many and how many failed.</summary>
public sealed record BreakerWindowView(int Calls, int Failures, double FailureRatio, double Seconds);
