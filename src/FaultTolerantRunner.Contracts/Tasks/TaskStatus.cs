namespace FaultTolerantRunner.Tasks;

/// <summary>Where a task is in its lifecycle (DESIGN.md, the task lifecycle).</summary>
public enum TaskStatus
{
    Accepted,
    /// <summary>Submitted with <c>after</c>: waits, holding no attempt slot, until every predecessor reached the condition.</summary>
    Awaiting,
    /// <summary>Delayed (runAt/delaySeconds): no attempt before its due time, which is its nextAttemptAt.</summary>
    Scheduled,
    Running,
    RetryScheduled,
    WaitingForService,
    WaitingForResource,
    Succeeded,
    Degraded,
    DeadLettered,
    Failed,
    Cancelled,
}

/// <summary>Questions about a <see cref="TaskStatus"/> asked in several places.</summary>
public static class TaskStatusExtensions
{
    public static bool IsTerminal(this TaskStatus status) =>
        status is TaskStatus.Succeeded or TaskStatus.Degraded or TaskStatus.DeadLettered or TaskStatus.Failed or TaskStatus.Cancelled;

    /// <summary>Exact state names only (case-insensitive): no numbers, no comma-joined flag lists.</summary>
    public static bool TryParse(string? text, out TaskStatus status)
    {
        var name = Enum.GetNames<TaskStatus>().FirstOrDefault(n => string.Equals(n, text, StringComparison.OrdinalIgnoreCase));
        status = name is null ? default : Enum.Parse<TaskStatus>(name);
        return name is not null;
    }
}
