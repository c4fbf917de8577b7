namespace FaultTolerantRunner.Taxonomy;

/// <summary>What the taxonomy says about one error: its class, how bad it is, whether retrying helps, and which rule said so.</summary>
public sealed record Classification(ErrorCategory Category, Severity Severity, bool Retryable, Directive Directive, string Rule, string? Advice = null);
