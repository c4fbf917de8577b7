namespace FaultTolerantRunner.Schedules;

/// <summary>What a schedule entity asks its decider about, with the facts from outside its journal it gathered.</summary>
public abstract record ScheduleCommand
{
    /// <summary>Create, or replace the spec of, the schedule.</summary>
    public sealed record Put(ScheduleSpec Spec) : ScheduleCommand;

    public sealed record Pause : ScheduleCommand;

    public sealed record Resume : ScheduleCommand;

    /// <summary>Run now, off-schedule.</summary>
    public sealed record Trigger : ScheduleCommand;

    public sealed record Delete : ScheduleCommand;

    /// <summary>
    /// Time to look at what is due (the timer, a start, a step done). <paramref name="PreviousFinished"/>: whether the last
    /// fired task has finished, when the entity asked (<see cref="ScheduleEffect.AskStatus"/>); null: not known.
    /// </summary>
    public sealed record Tick(bool? PreviousFinished = null) : ScheduleCommand;

    /// <summary>The occurrence's task was accepted (or already existed under its key).</summary>
    public sealed record Submitted(DateTimeOffset Occurrence, string TaskId, bool Triggered) : ScheduleCommand;

    /// <summary>The occurrence's task was refused; <paramref name="Transient"/>: worth trying again shortly.</summary>
    public sealed record SubmitFailed(DateTimeOffset Occurrence, string Reason, bool Transient, bool Triggered) : ScheduleCommand;

    /// <summary>The last task's status could not be read (its entity did not answer): ask again after the poll interval.</summary>
    public sealed record StatusUnavailable(string Reason) : ScheduleCommand;
}
