namespace FaultTolerantRunner.Contracts;

/// <summary>The optional body of <c>POST /api/tasks/{id}/cancel</c>.</summary>
public sealed record TaskCancelRequest([property: Example("\"no longer needed\"")] string? Reason = null);
