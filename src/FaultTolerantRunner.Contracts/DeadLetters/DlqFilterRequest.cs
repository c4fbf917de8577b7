namespace FaultTolerantRunner.Contracts;

/// <summary>The body of <c>POST /api/dlq/requeue</c> and <c>POST /api/dlq/purge</c>: which entries, and why.</summary>
public sealed record DlqFilterRequest(
    [property: Example("\"http\"")] string? Tool = null,
    [property: Example("\"external\"")] string? Category = null,
    [property: Example("\"2026-11-23T00:00:00Z\"")] string? Since = null,
    [property: Example("\"service fixed\"")] string? Reason = null);
