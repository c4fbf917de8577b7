namespace FaultTolerantRunner.Contracts;

/// <summary>The optional body of <c>POST /api/errors/{id}/resolve</c>.</summary>
public sealed record ErrorResolveRequest([property: Example("\"disk cleaned up\"")] string? Note = null);
