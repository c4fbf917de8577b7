namespace FaultTolerantRunner.Contracts;

/// <summary>One state change of a breaker (Closed, Open, HalfOpen), with its time and reason.</summary>
public sealed record BreakerTransitionView(DateTimeOffset At, string From, string To, string Reason);
