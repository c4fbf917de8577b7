using System.Collections.Immutable;
using System.Text.Json.Serialization;
using FaultTolerantRunner.Serialization;

namespace FaultTolerantRunner.Tasks;

/// <summary>
/// A task as its events make it. <see cref="Apply"/> is the only way state changes, for recovery and live
/// updates alike; the entity asks the <c>Decide…</c> methods what a command means.
/// </summary>
public sealed record TaskState(
    string Id,
    TaskSpec? Spec,
    TaskStatus Status,
    ImmutableList<AttemptRecord> Attempts,
    ImmutableList<TaskTransition> History,
    string? Result,
    TaskError? LastError,
    DateTimeOffset? AcceptedAt,
    DateTimeOffset? UpdatedAt) : IFtrSerializable
{
    public static TaskState Empty(string id) =>
        new(id, null, TaskStatus.Accepted, ImmutableList<AttemptRecord>.Empty, ImmutableList<TaskTransition>.Empty, null, null, null, null);

    [JsonIgnore]
    public bool Exists => Spec is not null;

    [JsonIgnore]
    public bool IsTerminal => Exists && Status.IsTerminal();

    [JsonIgnore]
    public int AttemptCount => Attempts.Count;

    [JsonIgnore]
    public AttemptRecord? OpenAttempt => Attempts.Count > 0 && Attempts[^1].IsOpen ? Attempts[^1] : null;

    public TaskState Apply(ITaskEvent e)
    {
        var status = StatusAfter(Status, e);
        var next = e switch
        {
            TaskAccepted a => this with { Spec = a.Spec, AcceptedAt = a.At },
            AttemptStarted s => this with { Attempts = Attempts.Add(new AttemptRecord(s.Attempt, s.Node, s.At)) },
            AttemptSucceeded s => CloseAttempt(s.Attempt, s.At, "succeeded", s.DurationMs, null) with { Result = s.Result },
            AttemptFailed f => CloseAttempt(f.Attempt, f.At, "failed", f.DurationMs, f.Error) with { LastError = f.Error },
            AttemptInterrupted i => CloseAttempt(i.Attempt, i.At, "interrupted", null, null),
            TaskFailed f => this with { LastError = f.Error },
            TaskCancelled c => OpenAttempt is { } open ? CloseAttempt(open.Number, c.At, "cancelled", null, null) : this,
            _ => throw new ArgumentOutOfRangeException(nameof(e), e.GetType().Name, "unknown task event"),
        };
        return next with
        {
            Status = status,
            UpdatedAt = e.At,
            History = History.Add(new TaskTransition(e.At, EventName(e), status, Detail(e))),
        };
    }

    /// <summary>The status an event leads to; shared with read models so they cannot drift from the entity.</summary>
    public static TaskStatus StatusAfter(TaskStatus current, ITaskEvent e) => e switch
    {
        TaskAccepted => TaskStatus.Accepted,
        AttemptStarted => TaskStatus.Running,
        AttemptSucceeded => TaskStatus.Succeeded,
        AttemptFailed f => f.RetryAt is null ? current : TaskStatus.RetryScheduled,
        AttemptInterrupted => TaskStatus.RetryScheduled,
        TaskFailed => TaskStatus.Failed,
        TaskCancelled => TaskStatus.Cancelled,
        _ => current,
    };

    public static string EventName(ITaskEvent e) => e switch
    {
        TaskAccepted => "accepted",
        AttemptStarted => "attempt-started",
        AttemptSucceeded => "attempt-succeeded",
        AttemptFailed => "attempt-failed",
        AttemptInterrupted => "attempt-interrupted",
        TaskFailed => "failed",
        TaskCancelled => "cancelled",
        _ => e.GetType().Name,
    };

    private static string? Detail(ITaskEvent e) => e switch
    {
        TaskAccepted a => $"tool {a.Spec.Tool}",
        AttemptStarted s => $"attempt {s.Attempt} on {s.Node}",
        AttemptSucceeded s => $"attempt {s.Attempt} took {s.DurationMs:0.#} ms",
        AttemptFailed f => $"attempt {f.Attempt}: {f.Error.Category}: {f.Error.Message}" + (f.RetryAt is { } at ? $"; retry at {at:O}" : ""),
        AttemptInterrupted i => $"attempt {i.Attempt}: {i.Reason}",
        TaskFailed f => $"{f.Error.Category}: {f.Error.Message}",
        TaskCancelled c => c.Reason,
        _ => null,
    };

    private TaskState CloseAttempt(int number, DateTimeOffset at, string outcome, double? durationMs, TaskError? error)
    {
        var index = Attempts.FindLastIndex(a => a.Number == number);
        if (index < 0) return this;
        var closed = Attempts[index] with { EndedAt = at, Outcome = outcome, DurationMs = durationMs, Error = error };
        return this with { Attempts = Attempts.SetItem(index, closed) };
    }
}
