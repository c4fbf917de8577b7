namespace FaultTolerantRunner.Taxonomy;

/// <summary>What the taxonomy says about one error: its class, how bad it is, and whether retrying can help.</summary>
public sealed record Classification(ErrorCategory Category, Severity Severity, bool Retryable, string Rule);
