namespace FaultTolerantRunner.Schedules;

/// <summary>What the schedule entity carries out after journaling a decision's events, in order.</summary>
public abstract record ScheduleEffect
{
    /// <summary>
    /// Submit the occurrence's task with <paramref name="IdempotencyKey"/> (derived from name and occurrence time), then
    /// report <see cref="ScheduleCommand.Submitted"/>: a second submission of the key gets the first task, never a second.
    /// </summary>
    public sealed record Fire(DateTimeOffset Occurrence, string IdempotencyKey, bool Triggered) : ScheduleEffect;

    /// <summary>Find out whether the task has finished, then tick with the answer.</summary>
    public sealed record AskStatus(string TaskId) : ScheduleEffect;

    /// <summary>Tick at <paramref name="At"/> (replaces the timer set before).</summary>
    public sealed record SetTimer(DateTimeOffset At) : ScheduleEffect;

    public sealed record CancelTimer : ScheduleEffect;

    /// <summary>A deleted (or never created) schedule stops, and sharding forgets it.</summary>
    public sealed record Passivate : ScheduleEffect;
}
