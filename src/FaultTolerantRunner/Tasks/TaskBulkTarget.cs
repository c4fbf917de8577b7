namespace FaultTolerantRunner.Tasks;

/// <summary>What a bulk act by filter applies to: cancel acts on unfinished tasks, retry on those in the dead-letter queue.</summary>
public enum TaskBulkTarget
{
    Unfinished,
    DeadLettered,
}
