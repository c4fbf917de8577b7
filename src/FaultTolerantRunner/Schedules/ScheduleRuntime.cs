namespace FaultTolerantRunner.Schedules;

/// <summary>What a schedule entity needs from its node.</summary>
public sealed record ScheduleRuntime(ScheduleOptions Options, TimeProvider Clock, IScheduleTasks Tasks);
