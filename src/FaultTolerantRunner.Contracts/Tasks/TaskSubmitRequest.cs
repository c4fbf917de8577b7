using System.Text.Json.Nodes;

namespace FaultTolerantRunner.Contracts;

/// <summary>The body of <c>POST /api/tasks</c>: which tool to run with which parameters, and how patiently.</summary>
public sealed record TaskSubmitRequest(
    [property: Example("\"echo\"")] string? Tool = null,
    [property: Example("{\"text\":\"hi\"}")] JsonObject? Parameters = null,
    [property: Example("\"order-4711\"")] string? IdempotencyKey = null,
    [property: Example("60")] int? TimeoutSeconds = null,
    [property: Example("3")] int? MaxRetries = null,
    [property: Example("600")] int? DeadlineSeconds = null,
    [property: Example("\"low\"")] string? Priority = null,
    [property: Example("\"2026-12-24T18:00:00+01:00\"")] string? RunAt = null,
    [property: Example("300")] int? DelaySeconds = null,
    [property: Example("{\"maxAttempts\":5,\"baseDelay\":2,\"maxDelay\":60,\"nonRetryableCategories\":[\"external\"]}")] JsonObject? Retry = null,
    [property: Example("[\"3f2a9c0157e84d5b9a1c2e3f4a5b6c7d\"]")] IReadOnlyList<string>? After = null,
    [property: Example("\"succeeded\"")] string? AfterCondition = null);
