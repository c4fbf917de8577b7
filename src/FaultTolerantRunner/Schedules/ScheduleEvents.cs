using FaultTolerantRunner.Serialization;

namespace FaultTolerantRunner.Schedules;

/// <summary>An event in a schedule's journal (persistence id <c>schedule-&lt;name&gt;</c>).</summary>
public interface IScheduleEvent : IFtrSerializable
{
    DateTimeOffset At { get; }
}

/// <summary>A new schedule (or one recreated after its deletion); only occurrences after <paramref name="At"/> are due.</summary>
public sealed record ScheduleCreated(ScheduleSpec Spec, DateTimeOffset At) : IScheduleEvent;

/// <summary>The schedule's spec replaced; occurrences from <paramref name="At"/> follow the new cron.</summary>
public sealed record ScheduleUpdated(ScheduleSpec Spec, DateTimeOffset At) : IScheduleEvent;

public sealed record SchedulePaused(DateTimeOffset At) : IScheduleEvent;

/// <summary>Occurrences while paused are not caught up: the schedule goes on from <paramref name="At"/>.</summary>
public sealed record ScheduleResumed(DateTimeOffset At) : IScheduleEvent;

public sealed record ScheduleDeleted(DateTimeOffset At) : IScheduleEvent;

/// <summary>The occurrence's task was submitted (journaled after its acceptance; its id comes from the idempotency key).</summary>
public sealed record OccurrenceFired(DateTimeOffset Occurrence, string TaskId, DateTimeOffset At) : IScheduleEvent;

/// <summary>An operator's run-now, off-schedule: it moves no occurrence, but is the task the next one overlaps with.</summary>
public sealed record ScheduleTriggered(DateTimeOffset Occurrence, string TaskId, DateTimeOffset At) : IScheduleEvent;

/// <summary>Not fired by the overlap rule: the previous occurrence's task was still unfinished.</summary>
public sealed record OccurrenceSkipped(DateTimeOffset Occurrence, string Reason, DateTimeOffset At) : IScheduleEvent;

/// <summary>Kept (buffer-one) until <paramref name="AfterTaskId"/> finishes.</summary>
public sealed record OccurrenceBuffered(DateTimeOffset Occurrence, string AfterTaskId, DateTimeOffset At) : IScheduleEvent;

/// <summary>Occurrences from <paramref name="From"/> to <paramref name="To"/> passed unfired and the catch-up mode drops them.</summary>
public sealed record OccurrencesMissed(DateTimeOffset From, DateTimeOffset To, int Count, DateTimeOffset At) : IScheduleEvent;

/// <summary>The occurrence's task was refused for good (the tool is gone, its parameters no longer valid).</summary>
public sealed record OccurrenceFailed(DateTimeOffset Occurrence, string Reason, DateTimeOffset At) : IScheduleEvent;
