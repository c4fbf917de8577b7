namespace FaultTolerantRunner.Tasks;

/// <summary>The node's slot keeper's answer to a task that wants to start an attempt: a slot, or why it waits in the queue.</summary>
public sealed record SlotAnswer(bool Granted, string? Reason = null)
{
    public static readonly SlotAnswer Free = new(true);
}
