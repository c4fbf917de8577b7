namespace FaultTolerantRunner.Contracts;

/// <summary>A schedule as <c>GET /api/schedules</c> lists it.</summary>
public sealed record ScheduleRow(
    string Name,
    string Cron,
    string TimeZone,
    string Tool,
    string Status,
    DateTimeOffset? NextAt,
    long Fired,
    string? LastTaskId);
