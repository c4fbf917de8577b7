namespace FaultTolerantRunner.Contracts;

/// <summary>
/// The body of <c>POST /api/tasks/cancel</c> and <c>POST /api/tasks/retry</c>: the filter of <c>GET /api/tasks</c> (at least one
/// criterion), whether to only count, how many to act on in this call, and why.
/// </summary>
public sealed record TaskBulkRequest(
    [property: Example("\"Running\"")] string? State = null,
    [property: Example("\"http\"")] string? Tool = null,
    [property: Example("\"2026-11-23T08:00:00Z\"")] string? Since = null,
    [property: Example("\"2026-11-23T09:00:00Z\"")] string? Until = null,
    [property: Example("\"external\"")] string? Category = null,
    [property: Example("\"3f2a9c01\"")] string? Fingerprint = null,
    [property: Example("\"order-4711-thumbnail\"")] string? IdempotencyKey = null,
    [property: Example("\"invoice-17\"")] string? Q = null,
    [property: Example("true")] bool? DryRun = null,
    [property: Example("1000")] int? Limit = null,
    [property: Example("\"superseded by the new import\"")] string? Reason = null);
