namespace FaultTolerantRunner.Contracts;

/// <summary>The body of <c>POST /api/chaos/{target}</c>: fail a share of calls with an error of a category.</summary>
public sealed record ChaosEnableRequest(
    [property: Example("\"transient\"")] string? Category = null,
    [property: Example("0.25")] double? Rate = null,
    [property: Example("250")] int? LatencyMs = null);
