using Akka.Cluster.Sharding;
using FaultTolerantRunner.Serialization;

namespace FaultTolerantRunner.Schedules;

/// <summary>A message routed to one schedule's entity by its name.</summary>
public interface IScheduleMessage : IFtrSerializable
{
    string Name { get; }
}

/// <summary>What the HTTP layer and embedders say to a schedule; each is answered with a <see cref="ScheduleReply"/>.</summary>
public static class ScheduleProtocol
{
    /// <summary>Create the schedule, or replace its spec.</summary>
    public sealed record PutSchedule(string Name, ScheduleSpec Spec) : IScheduleMessage;

    public sealed record GetSchedule(string Name) : IScheduleMessage;

    public sealed record PauseSchedule(string Name) : IScheduleMessage;

    public sealed record ResumeSchedule(string Name) : IScheduleMessage;

    /// <summary>Run now, off-schedule; answered once the task is accepted (its id is the state's <c>LastTaskId</c>).</summary>
    public sealed record TriggerSchedule(string Name) : IScheduleMessage;

    public sealed record DeleteSchedule(string Name) : IScheduleMessage;

    /// <summary>Starts the entity if it is not running (it then looks at what is due); answered with nothing.</summary>
    public sealed record WakeSchedule(string Name) : IScheduleMessage;

    /// <summary>
    /// The schedule's journaled state; <paramref name="Problem"/> names why the command did nothing (<see cref="ScheduleProblems"/>,
    /// or a refusal); <paramref name="Node"/> the member whose entity answered.
    /// </summary>
    public sealed record ScheduleReply(ScheduleState State, string? Problem, string? Node = null) : IFtrSerializable;
}

/// <summary>Routes schedule messages to entities by name.</summary>
public sealed class ScheduleMessageExtractor(int maxShards) : HashCodeMessageExtractor(maxShards)
{
    public const string ShardTypeName = "schedule";

    public override string? EntityId(object message) => message is IScheduleMessage m ? m.Name : null;
}
