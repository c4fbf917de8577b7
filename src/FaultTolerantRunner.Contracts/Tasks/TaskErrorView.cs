using FaultTolerantRunner.Taxonomy;

namespace FaultTolerantRunner.Contracts;

/// <summary>A failed attempt's error: exception type and message, its classification, and what to do about it.</summary>
public sealed record TaskErrorView(
    string Type,
    string Message,
    ErrorCategory Category,
    Severity Severity,
    string? Rule,
    string? Details,
    string? Directive,
    string? Fingerprint,
    string? Advice);
