namespace FaultTolerantRunner.Contracts;

/// <summary>
/// The body of <c>POST /api/chaos/{target}</c>: give a share of attempts a fault (<c>error</c> of a category, <c>hang</c> or
/// <c>crash</c>), on every node or on one (<c>node</c>: a member address as <c>/api/cluster</c> shows it, or host:port).
/// </summary>
public sealed record ChaosEnableRequest(
    [property: Example("\"transient\"")] string? Category = null,
    [property: Example("0.25")] double? Rate = null,
    [property: Example("250")] int? LatencyMs = null,
    [property: Example("\"error\"")] string? Fault = null,
    [property: Example("\"all\"")] string? Node = null);
