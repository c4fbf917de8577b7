namespace FaultTolerantRunner.Tasks;

/// <summary>Where a task is in its lifecycle (DESIGN.md, the task lifecycle).</summary>
public enum TaskStatus
{
    Accepted,
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

    public static bool TryParse(string? text, out TaskStatus status) =>
        Enum.TryParse(text, ignoreCase: true, out status) && Enum.IsDefined(status) && !int.TryParse(text, out _);
}
