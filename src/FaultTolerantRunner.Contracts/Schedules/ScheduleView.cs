using System.Text.Json.Nodes;

namespace FaultTolerantRunner.Contracts;

/// <summary>A schedule as <c>GET /api/schedules/{name}</c> shows it: its spec, the next 5 occurrences, the last firings (newest first) and the node holding it.</summary>
public sealed record ScheduleView(
    string Name,
    string Cron,
    string TimeZone,
    string Tool,
    JsonObject? Parameters,
    string Overlap,
    string CatchUp,
    string Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    IReadOnlyList<DateTimeOffset> NextOccurrences,
    long Fired,
    string? LastTaskId,
    DateTimeOffset? Pending,
    IReadOnlyList<ScheduleFiringView> Firings,
    string? Node);
