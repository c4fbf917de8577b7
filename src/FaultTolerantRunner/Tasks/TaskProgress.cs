namespace FaultTolerantRunner.Tasks;

/// <summary>A task's latest journaled progress: what its handler said, when, in which attempt.</summary>
public sealed record TaskProgress(double Percent, string? Message, DateTimeOffset At, int Attempt);
