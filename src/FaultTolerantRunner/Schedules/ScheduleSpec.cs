namespace FaultTolerantRunner.Schedules;

/// <summary>What a schedule runs and when: a cron expression in a time zone, a tool with its (validated, JSON) parameters.</summary>
public sealed record ScheduleSpec(
    string Name,
    string Cron,
    string TimeZone,
    string Tool,
    string Parameters,
    ScheduleOverlap Overlap,
    ScheduleCatchUp CatchUp);
