namespace FaultTolerantRunner.Contracts;

/// <summary>Something the node did by itself to heal (intake paused, shedding started, a stuck attempt restarted, …).</summary>
public sealed record SelfHealingActionView(string Kind, string Detail, string Node, DateTimeOffset At);
