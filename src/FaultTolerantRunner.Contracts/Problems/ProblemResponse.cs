using System.Text.Json.Serialization;
using FaultTolerantRunner.Problems;
using FaultTolerantRunner.Taxonomy;

namespace FaultTolerantRunner.Contracts;

/// <summary>
/// An error answer as <c>application/problem+json</c>: RFC 9457's type, title and status plus FTR's own members.
/// Its optional members are always written (as null) so that clients can rely on every member being there.
/// </summary>
public sealed record ProblemResponse(
    string Type,
    string Title,
    int Status,
    ErrorCategory Category,
    string Code,
    Severity Severity,
    string Message,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Details,
    IReadOnlyList<string> SuggestedActions,
    bool RecoveryAttempted,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] int? RecoveryLevel,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? TaskId,
    DateTimeOffset Timestamp)
{
    public const string ContentType = "application/problem+json";

    public static ProblemResponse From(FtrProblem problem, int status) => new(
        $"urn:ftr:problem:{problem.Code}", problem.Message, status, problem.Category, problem.Code, problem.Severity, problem.Message,
        problem.Details, problem.SuggestedActions, problem.RecoveryAttempted, problem.RecoveryLevel, problem.TaskId,
        problem.Timestamp ?? DateTimeOffset.UtcNow);
}
