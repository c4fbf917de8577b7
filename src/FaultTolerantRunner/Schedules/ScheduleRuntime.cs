namespace FaultTolerantRunner.Schedules;

/// <summary>What a schedule entity needs from its node.</summary>
/// <param name="Node">This node's address, shown with the schedule (which node holds it).</param>
/// <param name="Region">The schedule region, to wake an entity that must not stay stopped (none outside sharding).</param>
public sealed record ScheduleRuntime(ScheduleOptions Options, TimeProvider Clock, IScheduleTasks Tasks, string Node = "", Func<Akka.Actor.IActorRef>? Region = null);
