namespace FaultTolerantRunner.Contracts;

/// <summary>A task running longer than <c>SelfHealing:StuckAfter</c> since its last event.</summary>
public sealed record StuckTaskView(string Id, string Tool, DateTimeOffset Since, double RunningFor);
