namespace FaultTolerantRunner.Tasks;

/// <summary>One row of the task index: enough to list and filter tasks without waking their entities.</summary>
public sealed record TaskSummary(
    string Id,
    string Tool,
    TaskStatus Status,
    int Attempts,
    DateTimeOffset AcceptedAt,
    DateTimeOffset UpdatedAt,
    string? LastError)
{
    public static TaskSummary? Apply(TaskSummary? current, string taskId, ITaskEvent e) => (current, e) switch
    {
        (null, TaskAccepted a) => new TaskSummary(taskId, a.Spec.Tool, TaskStatus.Accepted, 0, a.At, a.At, null),
        (null, _) => null,
        (_, AttemptStarted s) => current with { Status = TaskState.StatusAfter(current.Status, e), Attempts = s.Attempt, UpdatedAt = e.At },
        (_, AttemptFailed f) => current with { Status = TaskState.StatusAfter(current.Status, e), LastError = f.Error.Message, UpdatedAt = e.At },
        (_, TaskFailed f) => current with { Status = TaskState.StatusAfter(current.Status, e), LastError = f.Error.Message, UpdatedAt = e.At },
        _ => current with { Status = TaskState.StatusAfter(current.Status, e), UpdatedAt = e.At },
    };
}
