namespace FaultTolerantRunner.Contracts;

/// <summary>A fingerprint after <c>POST /api/errors/{id}/resolve</c>: its status and recovery level.</summary>
public sealed record ErrorResolvedView(string Fingerprint, string Status, int Level, string Note);
