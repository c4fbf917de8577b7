namespace FaultTolerantRunner.Contracts;

/// <summary>One line of a fingerprint's recovery history.</summary>
public sealed record RecoveryHistoryView(DateTimeOffset At, string Kind, int Level, string? Strategy, string? TaskId, string Detail);
