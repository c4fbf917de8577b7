namespace FaultTolerantRunner.Schedules;

/// <summary>Registry key for the schedule shard region (<c>IRequiredActor&lt;ScheduleRegion&gt;</c>).</summary>
public sealed class ScheduleRegion;
