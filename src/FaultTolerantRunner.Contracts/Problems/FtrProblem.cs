using FaultTolerantRunner.Taxonomy;

namespace FaultTolerantRunner.Problems;

/// <summary>
/// The one error format users see everywhere: HTTP problem+json bodies, CLI error blocks, task errors.
/// Every message says what to do next through <see cref="SuggestedActions"/>.
/// </summary>
public sealed record FtrProblem(
    ErrorCategory Category,
    string Code,
    Severity Severity,
    string Message,
    string? Details,
    IReadOnlyList<string> SuggestedActions,
    bool RecoveryAttempted = false,
    int? RecoveryLevel = null,
    string? TaskId = null,
    DateTimeOffset? Timestamp = null)
{
    public static FtrProblem Validation(string code, string message, string? details, params string[] actions) =>
        new(ErrorCategory.Validation, code, Taxonomy.Severity.Low, message, details, actions, Timestamp: DateTimeOffset.UtcNow);

    public static FtrProblem NotFound(string code, string message, params string[] actions) =>
        new(ErrorCategory.Permanent, code, Taxonomy.Severity.Low, message, null, actions, Timestamp: DateTimeOffset.UtcNow);

    /// <summary>A passing condition (a slow actor, a node still catching up): retrying later is the answer.</summary>
    public static FtrProblem Transient(string code, Severity severity, string message, params string[] actions) =>
        new(ErrorCategory.Transient, code, severity, message, null, actions, Timestamp: DateTimeOffset.UtcNow);

    public FtrProblem ForTask(string taskId) => this with { TaskId = taskId };

    /// <summary>A problem about an existing task carries how far the runner went recovering it.</summary>
    public FtrProblem ForTask(string taskId, bool recoveryAttempted, int? recoveryLevel) =>
        this with { TaskId = taskId, RecoveryAttempted = recoveryAttempted, RecoveryLevel = recoveryLevel };
}
