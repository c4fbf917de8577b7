using FaultTolerantRunner.Taxonomy;

namespace FaultTolerantRunner.Problems;

/// <summary>
/// The one error format users see everywhere: HTTP problem+json bodies, CLI error blocks, task errors.
/// Every message says what to do next through <see cref="SuggestedActions"/>.
/// </summary>
public sealed record FtrProblem(
    string Category,
    string Code,
    string Severity,
    string Message,
    string? Details,
    IReadOnlyList<string> SuggestedActions,
    bool RecoveryAttempted = false,
    int? RecoveryLevel = null,
    string? TaskId = null,
    DateTimeOffset? Timestamp = null)
{
    public static FtrProblem Validation(string code, string message, string? details, params string[] actions) =>
        new(Names.Of(ErrorCategory.Validation), code, Names.Of(Taxonomy.Severity.Low), message, details, actions,
            Timestamp: DateTimeOffset.UtcNow);

    public static FtrProblem NotFound(string code, string message, params string[] actions) =>
        new(Names.Of(ErrorCategory.Permanent), code, Names.Of(Taxonomy.Severity.Low), message, null, actions,
            Timestamp: DateTimeOffset.UtcNow);

    public FtrProblem ForTask(string taskId) => this with { TaskId = taskId };
}
