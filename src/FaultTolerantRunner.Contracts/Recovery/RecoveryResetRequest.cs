namespace FaultTolerantRunner.Contracts;

/// <summary>The optional body of <c>POST /api/recovery/levels/{fingerprint}/reset</c>.</summary>
public sealed record RecoveryResetRequest([property: Example("\"cause fixed\"")] string? Reason = null);
