using System.Text.Json.Nodes;

namespace FaultTolerantRunner.Contracts;

/// <summary>The body of <c>POST /api/schedules</c>: a named cron schedule that submits a task of a tool at each occurrence.</summary>
public sealed record ScheduleRequest(
    [property: Example("\"nightly-report\"")] string? Name = null,
    [property: Example("\"*/5 * * * *\"")] string? Cron = null,
    [property: Example("\"Europe/Berlin\"")] string? TimeZone = null,
    [property: Example("\"echo\"")] string? Tool = null,
    [property: Example("{\"text\":\"hi\"}")] JsonObject? Parameters = null,
    [property: Example("\"skip\"")] string? Overlap = null,
    [property: Example("\"latest\"")] string? CatchUp = null);
