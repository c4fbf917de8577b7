using FaultTolerantRunner.Serialization;

namespace FaultTolerantRunner.Tasks;

/// <summary>A failed attempt's error as journaled: exception type and message, its classification and technical details.</summary>
public sealed record TaskError(
    string Type,
    string Message,
    string Category,
    string Severity,
    string? Rule,
    string? Details,
    string? Directive = null,
    string? Fingerprint = null,
    string? Advice = null) : IFtrSerializable;
