namespace FaultTolerantRunner.Tasks;

/// <summary>One row of the task index: enough to list and filter tasks (and the dead-letter queue) without waking their entities.</summary>
public sealed record TaskSummary(
    string Id,
    string Tool,
    TaskStatus Status,
    int Attempts,
    DateTimeOffset AcceptedAt,
    DateTimeOffset UpdatedAt,
    string? LastError,
    Taxonomy.ErrorCategory? Category = null,
    bool Purged = false,
    DateTimeOffset? DeadLetteredAt = null,
    // The last journal event applied (the index applies each once, in order); not part of the API's task rows.
    [property: System.Text.Json.Serialization.JsonIgnore] long SequenceNr = 0,
    // Compensations registered and not yet run; not part of the API's task rows.
    [property: System.Text.Json.Serialization.JsonIgnore] int CompensationsOpen = 0,
    string? IdempotencyKey = null,
    // The parameters JSON as submitted, for the text filter; cut to MaxParametersText characters so that 100,000 rows stay
    // within tens of megabytes. Not part of the API's task rows (GET /api/tasks/{id} shows the whole parameters).
    [property: System.Text.Json.Serialization.JsonIgnore] string? ParametersText = null,
    // The last error's fingerprint (TaskError.Fingerprint), for the fingerprint filter: the tasks an error group names.
    string? Fingerprint = null)
{
    public const int MaxParametersText = 1_024;

    public bool InDeadLetterQueue => Status == TaskStatus.DeadLettered && !Purged;

    /// <summary>Work the resume sweep must see through: the task is unfinished, or it ended without success with compensations not yet run.</summary>
    public bool NeedsResuming => !Status.IsTerminal() || (CompensationsOpen > 0 && Status is not (TaskStatus.Succeeded or TaskStatus.Degraded));

    public static TaskSummary? Apply(TaskSummary? current, string taskId, ITaskEvent e)
    {
        if (current is null)
            return e is TaskAccepted a
                ? new TaskSummary(taskId, a.Spec.Tool, TaskState.StatusAfter(TaskStatus.Accepted, a), 0, a.At, a.At, null, IdempotencyKey: a.Spec.IdempotencyKey,
                    ParametersText: a.Spec.Parameters.Length <= MaxParametersText ? a.Spec.Parameters : a.Spec.Parameters[..MaxParametersText])
                : null;

        var next = current with { Status = TaskState.StatusAfter(current.Status, e), UpdatedAt = e.At };
        return e switch
        {
            AttemptStarted s => next with { Attempts = s.Attempt },
            AttemptFailed f => next with { LastError = f.Error.Message, Category = f.Error.Category, Fingerprint = f.Error.Fingerprint },
            TaskFailed f => next with { LastError = f.Error.Message, Category = f.Error.Category, Fingerprint = f.Error.Fingerprint },
            TaskDeadLettered d => next with
            {
                LastError = d.Error.Message, Category = d.Error.Category, Fingerprint = d.Error.Fingerprint, DeadLetteredAt = d.At, Purged = false,
            },
            TaskRequeued => next with { DeadLetteredAt = null, Purged = false },
            TaskPurged => next with { Purged = true },
            CompensationRegistered => next with { CompensationsOpen = current.CompensationsOpen + 1 },
            CompensationRan { Number: > 0 } => next with { CompensationsOpen = Math.Max(0, current.CompensationsOpen - 1) },
            _ => next,
        };
    }
}
