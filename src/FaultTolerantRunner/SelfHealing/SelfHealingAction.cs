namespace FaultTolerantRunner.SelfHealing;

/// <summary>A self-healing action (stuck attempt killed, intake paused or resumed, shedding on or off).</summary>
public sealed record SelfHealingAction(string Kind, string Detail, string Node, DateTimeOffset At) : Serialization.IFtrSerializable;
