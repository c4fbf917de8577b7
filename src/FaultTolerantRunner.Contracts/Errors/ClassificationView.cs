using FaultTolerantRunner.Taxonomy;

namespace FaultTolerantRunner.Contracts;

/// <summary>What the runner would do with an error: its category and severity, the directive, and advice for users.</summary>
public sealed record ClassificationView(
    ErrorCategory Category,
    Severity Severity,
    bool Retryable,
    string Directive,
    string Rule,
    string Fingerprint,
    string UserMessage,
    IReadOnlyList<string> SuggestedActions);
