namespace FaultTolerantRunner.Contracts;

/// <summary>A task's latest journaled progress: percent 0..100, the handler's message, when, and the attempt that reported it.</summary>
public sealed record TaskProgressView(double Percent, string? Message, DateTimeOffset At, int Attempt);
