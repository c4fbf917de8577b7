using System.Text.Json.Serialization;
using FaultTolerantRunner.Taxonomy;

namespace FaultTolerantRunner.Contracts;

/// <summary>
/// A failed attempt's error in the standard error format (the members of a problem: category, code, severity, message,
/// details, suggestedActions, recoveryAttempted, recoveryLevel, taskId, timestamp) plus the classification's own
/// (type, rule, directive, fingerprint, advice). Like a problem's, its optional standard members are always written. <see cref="Code"/> is the id of the classification rule that matched.
/// </summary>
/// <param name="RecoveryLevel">The highest recovery level planned by the time of this error; null when no recovery plan was made.</param>
/// <param name="Timestamp">When the error was recorded: the attempt's end, or for a task's last error the event that set it.</param>
public sealed record TaskErrorView(
    string Type,
    string Message,
    ErrorCategory Category,
    Severity Severity,
    string? Rule,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Details,
    string? Directive,
    string? Fingerprint,
    string? Advice,
    string Code,
    IReadOnlyList<string> SuggestedActions,
    bool RecoveryAttempted,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] int? RecoveryLevel,
    string TaskId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] DateTimeOffset? Timestamp);
