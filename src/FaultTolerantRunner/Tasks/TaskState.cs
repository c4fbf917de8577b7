using System.Collections.Immutable;
using System.Text.Json.Serialization;
using FaultTolerantRunner.Serialization;
using FaultTolerantRunner.Taxonomy;

namespace FaultTolerantRunner.Tasks;

/// <summary>
/// A task as its events make it. <see cref="Apply"/> is the only way state changes, for recovery and live
/// updates alike; the entity asks its <see cref="TaskDecider"/> what a command means.
/// </summary>
/// <param name="Checkpoint">The last checkpoint any attempt reported; kept across retries and requeues (the work it marks is done).</param>
/// <param name="CheckpointTool">The tool whose attempt reported <paramref name="Checkpoint"/>: only its attempts get it.</param>
/// <param name="ReleasedAt">When the last predecessor of an Awaiting task arrived.</param>
/// <param name="AttemptsOn">The member a relocation (recovery level 4) moved the attempts to, until they are interrupted or the task is requeued.</param>
public sealed record TaskState(
    string Id,
    TaskSpec? Spec,
    TaskStatus Status,
    ImmutableList<AttemptRecord> Attempts,
    ImmutableList<TaskTransition> History,
    string? Result,
    TaskError? LastError,
    DateTimeOffset? AcceptedAt,
    DateTimeOffset? UpdatedAt,
    DateTimeOffset? NextAttemptAt = null,
    int Requeues = 0,
    int AttemptsBeforeRequeue = 0,
    bool Purged = false,
    DateTimeOffset? RequeuedAt = null,
    ImmutableList<RecoveryPlanned>? Plans = null,
    double? LastRetryDelayMs = null,
    FallbackChosen? NextFallback = null,
    ImmutableList<CompensationRecord>? Compensations = null,
    string? AttemptsOn = null,
    TaskProgress? Progress = null,
    string? Checkpoint = null,
    string? CheckpointTool = null,
    DateTimeOffset? ReleasedAt = null,
    ImmutableList<string>? Reached = null) : IFtrSerializable
{
    /// <summary>The predecessors an Awaiting task still waits for, in submitted order.</summary>
    [JsonIgnore]
    public IReadOnlyList<string> PendingPredecessors => Spec?.After is { } after ? TaskContinuations.Pending(after, Reached) : [];

    /// <summary>The compensations to run now (the task ended and they have no outcome yet), newest first.</summary>
    [JsonIgnore]
    public IReadOnlyList<CompensationRecord> DueCompensations => TaskCompensations.Due(this);

    /// <summary>The recovery plans since the last requeue (or acceptance), oldest first.</summary>
    [JsonIgnore]
    public IReadOnlyList<RecoveryPlanned> PlansSinceRequeue => (IReadOnlyList<RecoveryPlanned>?)Plans ?? [];

    /// <summary>The plan the next (or the open) attempt runs under, if the task is recovering.</summary>
    [JsonIgnore]
    public RecoveryPlanned? CurrentPlan => Plans is { Count: > 0 } plans ? plans[^1] : null;

    /// <summary>The parameters the next attempt runs with: the last reduction, or the submitted ones.</summary>
    [JsonIgnore]
    public string? EffectiveParameters => Plans?.LastOrDefault(p => p.Parameters is not null)?.Parameters ?? Spec?.Parameters;

    /// <summary>The product of the timeout factors of the plans so far.</summary>
    [JsonIgnore]
    public double TimeoutFactor => Plans?.Aggregate(1.0, (f, p) => f * p.TimeoutFactor) ?? 1;

    /// <summary>
    /// When the task was taken in: its acceptance or last requeue (a requeued task is a new task again), or, if later, when
    /// its predecessors released it or its due time came. Its wait deadline counts from here, an isolation since before it
    /// holds it, and the slot queue orders by it: time spent Awaiting or Scheduled is not time spent waiting to run.
    /// </summary>
    [JsonIgnore]
    public DateTimeOffset TakenInAt => Later(Later(RequeuedAt ?? AcceptedAt ?? default, ReleasedAt), Spec?.RunAt);

    /// <summary>The recovery level the task reached (0: no recovery so far).</summary>
    [JsonIgnore]
    public int RecoveryLevel => CurrentPlan?.Level ?? 0;

    public static TaskState Empty(string id) =>
        new(id, null, TaskStatus.Accepted, ImmutableList<AttemptRecord>.Empty, ImmutableList<TaskTransition>.Empty, null, null, null, null);

    /// <summary>The attempts that count against the retry budget: those since the last requeue.</summary>
    [JsonIgnore]
    public IEnumerable<AttemptRecord> AttemptsSinceRequeue => Attempts.Skip(AttemptsBeforeRequeue);

    /// <summary>The fallback tools tried since the last requeue (or acceptance), in order.</summary>
    [JsonIgnore]
    public IEnumerable<string> FallbacksTried => AttemptsSinceRequeue.Select(a => a.Tool).OfType<string>().Distinct();

    /// <summary>How many attempts in a row ended interrupted (their node died or their runner crashed).</summary>
    [JsonIgnore]
    public int ConsecutiveInterruptions => Attempts.Reverse().SkipWhile(a => a.IsOpen).TakeWhile(a => a.Outcome == "interrupted").Count();

    /// <summary>In the dead-letter queue: dead-lettered and not purged.</summary>
    [JsonIgnore]
    public bool InDeadLetterQueue => Status == TaskStatus.DeadLettered && !Purged;

    [JsonIgnore]
    public bool Exists => Spec is not null;

    [JsonIgnore]
    public bool IsTerminal => Exists && Status.IsTerminal();

    [JsonIgnore]
    public int AttemptCount => Attempts.Count;

    [JsonIgnore]
    public AttemptRecord? OpenAttempt => Attempts.Count > 0 && Attempts[^1].IsOpen ? Attempts[^1] : null;

    /// <summary>Whether <paramref name="attempt"/> is the open attempt: reports of any other are stale.</summary>
    public bool IsOpen(int attempt) => OpenAttempt?.Number == attempt;

    public TaskState Apply(ITaskEvent e)
    {
        // Progress stays out of the history: one entry every Tasks:ProgressInterval would bury the transitions (the journal has them all).
        if (e is ProgressReported progress) return this with { Progress = new TaskProgress(progress.Percent, progress.Message, progress.At, progress.Attempt), Checkpoint = progress.Checkpoint ?? Checkpoint,
            CheckpointTool = progress.Checkpoint is null ? CheckpointTool : OpenAttempt?.Tool ?? Spec?.Tool, UpdatedAt = progress.At };
        var status = StatusAfter(Status, e);
        var next = e switch
        {
            TaskAccepted a => this with { Spec = a.Spec, AcceptedAt = a.At, NextAttemptAt = a.Spec.DelayedAt(a.At) && !a.Spec.Awaits ? a.Spec.RunAt : null },
            PredecessorReached r => this with { Reached = (Reached ?? ImmutableList<string>.Empty).Add(r.Predecessor) },
            TaskReleased r => this with { NextAttemptAt = r.RunAt, ReleasedAt = r.At },
            AttemptStarted s => this with { Attempts = Attempts.Add(new AttemptRecord(s.Attempt, s.Node, s.At, Tool: s.Tool, RecoveryLevel: s.RecoveryLevel)), NextAttemptAt = null, NextFallback = null, Progress = null },
            FallbackChosen f => this with { NextFallback = f },
            AttemptSucceeded s => CloseAttempt(s.Attempt, s.At, "succeeded", s.DurationMs, null) with { Result = s.Result },
            AttemptFailed f => CloseAttempt(f.Attempt, f.At, "failed", f.DurationMs, f.Error) with
            {
                LastError = f.Error, NextAttemptAt = f.RetryAt, LastRetryDelayMs = f.RetryAt is { } retryAt ? (retryAt - f.At).TotalMilliseconds : LastRetryDelayMs,
            },
            AttemptInterrupted i => CloseAttempt(i.Attempt, i.At, "interrupted", null, null) with { NextAttemptAt = i.RetryAt, AttemptsOn = null },
            TaskFailed f => this with { LastError = f.Error },
            TaskCancelled c => (OpenAttempt is { } open ? CloseAttempt(open.Number, c.At, "cancelled", null, null) : this) with { NextAttemptAt = null },
            TaskDeadLettered d => this with { LastError = d.Error, NextAttemptAt = null },
            TaskRequeued r => this with { Requeues = r.Requeue, AttemptsBeforeRequeue = Attempts.Count, Purged = false, NextAttemptAt = null, RequeuedAt = r.At, Plans = null, LastRetryDelayMs = null, NextFallback = null, AttemptsOn = null },
            RecoveryPlanned p => this with { Plans = (Plans ?? ImmutableList<RecoveryPlanned>.Empty).Add(p), AttemptsOn = p.RelocateTo ?? AttemptsOn },
            TaskPurged => this with { Purged = true },
            CompensationRegistered r => this with { Compensations = (Compensations ?? ImmutableList<CompensationRecord>.Empty).Add(TaskCompensations.Registered(r)) },
            CompensationRan c => this with { Compensations = TaskCompensations.Ran(Compensations, c) },
            AttemptsCameHome => this with { AttemptsOn = null },
            TaskWaitingForService => this,
            TaskHeldByIsolation => this,
            TaskWaitingForResource => this,
            _ => throw new ArgumentOutOfRangeException(nameof(e), e.GetType().Name, "unknown task event"),
        };
        return next with
        {
            Status = status,
            UpdatedAt = e.At,
            History = History.Add(new TaskTransition(e.At, EventName(e), status, Detail(e), RetryAt(e), RetryAt(e) is { } at ? (at - e.At).TotalMilliseconds : null)),
        };
    }

    /// <summary>The status an event leads to; shared with read models so they cannot drift from the entity.</summary>
    public static TaskStatus StatusAfter(TaskStatus current, ITaskEvent e) => e switch
    {
        TaskAccepted a => a.Spec.Awaits ? TaskStatus.Awaiting : a.Spec.DelayedAt(a.At) ? TaskStatus.Scheduled : TaskStatus.Accepted,
        TaskReleased r => r.RunAt is null ? TaskStatus.Accepted : TaskStatus.Scheduled,
        AttemptStarted => TaskStatus.Running,
        AttemptSucceeded s => s.DegradedReason is null ? TaskStatus.Succeeded : TaskStatus.Degraded,
        TaskWaitingForService or TaskHeldByIsolation => TaskStatus.WaitingForService,
        TaskWaitingForResource => TaskStatus.WaitingForResource,
        AttemptFailed f => f.RetryAt is null ? current : TaskStatus.RetryScheduled,
        AttemptInterrupted => TaskStatus.RetryScheduled,
        TaskFailed => TaskStatus.Failed,
        TaskCancelled => TaskStatus.Cancelled,
        TaskDeadLettered => TaskStatus.DeadLettered,
        TaskRequeued => TaskStatus.Accepted,
        _ => current,
    };

    public static string EventName(ITaskEvent e) => e switch
    {
        TaskAccepted => "accepted",
        PredecessorReached => "predecessor-reached",
        TaskReleased => "released",
        AttemptStarted => "attempt-started",
        AttemptSucceeded => "attempt-succeeded",
        AttemptFailed => "attempt-failed",
        AttemptInterrupted => "attempt-interrupted",
        TaskFailed => "failed",
        TaskCancelled => "cancelled",
        TaskDeadLettered => "dead-lettered",
        TaskRequeued => "requeued",
        TaskPurged => "purged",
        CompensationRan => "compensation",
        CompensationRegistered => "compensation-registered",
        TaskWaitingForService => "waiting-for-service",
        TaskHeldByIsolation => "held-by-isolation",
        TaskWaitingForResource => "waiting-for-resource",
        RecoveryPlanned => "recovery-planned",
        FallbackChosen => "fallback-chosen",
        AttemptsCameHome => "attempts-home",
        ProgressReported => "progress",
        _ => e.GetType().Name,
    };

    private static DateTimeOffset? RetryAt(ITaskEvent e) => e switch
    {
        AttemptFailed f => f.RetryAt,
        AttemptInterrupted i => i.RetryAt,
        _ => null,
    };

    private static string? Detail(ITaskEvent e) => e switch
    {
        TaskAccepted a => $"tool {a.Spec.Tool}" + (a.Spec.Awaits ? $"; after {a.Spec.After!.Count} task(s) ({TaskContinuations.ConditionName(a.Spec)})" : "")
                          + (a.Spec.DelayedAt(a.At) ? $"; scheduled for {a.Spec.RunAt:O}" : ""),
        PredecessorReached r => $"predecessor {r.Predecessor} ended {r.Status}",
        TaskReleased r => "every predecessor arrived" + (r.RunAt is { } runAt ? $"; scheduled for {runAt:O}" : ""),
        AttemptStarted s => $"attempt {s.Attempt} on {s.Node}" + (s.Tool is { } fallback ? $" with fallback '{fallback}'" : "") + (s.RecoveryLevel is { } level ? $" at recovery level {level}" : ""),
        FallbackChosen f => $"the next attempt runs fallback '{f.Tool}': {f.Reason}",
        AttemptSucceeded s => $"attempt {s.Attempt} took {s.DurationMs:0.#} ms" + (s.ItemsSkipped > 0 ? $"; {s.ItemsSkipped} item(s) skipped" : "")
                              + (s.DegradedReason is { } why ? $"; DEGRADED: {why}" : ""),
        AttemptFailed f => $"attempt {f.Attempt}: {Names.Of(f.Error.Category)} (rule {f.Error.Rule}, {Names.Of(f.Error.Directive ?? Directive.Stop)}): {f.Error.Message}"
                           + (f.RetryAt is { } at ? $"; retry in {(at - f.At).TotalMilliseconds:0} ms at {at:O}" : "")
                           + (f.Decision is { } d ? $" [{d}]" : ""),
        TaskDeadLettered d => $"{d.Reason}: {Names.Of(d.Error.Category)}: {d.Error.Message}",
        TaskRequeued r => $"requeue {r.Requeue}: {r.Reason}",
        TaskPurged p => p.Reason,
        CompensationRan c => (c.Succeeded ? $"{c.Name} succeeded" : $"{c.Name} FAILED: {c.Error}") + (c.Tries > 1 ? $" (after {c.Tries} runs)" : ""),
        CompensationRegistered r => $"{r.Name} #{r.Number} by attempt {r.Attempt} ({TaskCompensations.ScopeName(r.Scope)} scope)",
        TaskWaitingForService w => $"service '{w.Service}' unavailable since {w.OpenSince:O} ({w.Reason}); waiting for its breaker to half-open",
        TaskHeldByIsolation h => $"tool '{h.Tool}' isolated on {h.Node} since {h.IsolatedSince:O} ({h.Reason}); no attempt starts there until it is re-enabled on that node",
        AttemptInterrupted i => $"attempt {i.Attempt}: {i.Reason}",
        TaskWaitingForResource w => w.Reason + (w.Until is { } until ? $"; the next attempt starts when another '{w.Tool}' attempt frees its slot, at the latest {until:O}" : ""),
        RecoveryPlanned p => $"level {p.Level} ({Recovery.RecoveryStrategies.LevelName(p.Level)}) with {p.Strategy}: {p.Action}",
        TaskFailed f => $"{Names.Of(f.Error.Category)}: {f.Error.Message}",
        TaskCancelled c => c.Reason,
        AttemptsCameHome h => $"the attempts on {h.From} ended between attempts ({h.Reason}); they run here again",
        _ => null,
    };

    private static DateTimeOffset Later(DateTimeOffset a, DateTimeOffset? b) => b > a ? b.Value : a;

    private TaskState CloseAttempt(int number, DateTimeOffset at, string outcome, double? durationMs, TaskError? error)
    {
        var index = Attempts.FindLastIndex(a => a.Number == number);
        if (index < 0) return this;
        var closed = Attempts[index] with { EndedAt = at, Outcome = outcome, DurationMs = durationMs, Error = error };
        return this with { Attempts = Attempts.SetItem(index, closed) };
    }
}
