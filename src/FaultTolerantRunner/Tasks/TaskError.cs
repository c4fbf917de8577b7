using FaultTolerantRunner.Serialization;
using FaultTolerantRunner.Taxonomy;

namespace FaultTolerantRunner.Tasks;

/// <summary>A failed attempt's error as journaled: exception type and message, its classification and technical details.</summary>
public sealed record TaskError(
    string Type,
    string Message,
    ErrorCategory Category,
    Severity Severity,
    string? Rule,
    string? Details,
    Directive? Directive = null,
    string? Fingerprint = null,
    string? Advice = null) : IFtrSerializable;
