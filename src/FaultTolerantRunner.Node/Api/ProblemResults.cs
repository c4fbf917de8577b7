using FaultTolerantRunner.Problems;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FaultTolerantRunner.Node.Api;

/// <summary>Writes <see cref="FtrProblem"/> as <c>application/problem+json</c> (RFC 9457 members plus FTR's own).</summary>
public static class ProblemResults
{
    public const string ContentType = "application/problem+json";

    public static IResult Result(FtrProblem problem, int status) =>
        TypedResults.Json(Body(problem, status), Json.Options, ContentType, status);

    public static IResult Result(FtrProblemException exception) => Result(exception.Problem, exception.Status);

    public static Task WriteAsync(HttpContext context, FtrProblem problem, int status)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(Body(problem, status), Json.Options, ContentType);
    }

    public static IResult NotFoundTask(string id) =>
        Result(FtrProblem.NotFound("task-not-found", $"no task with id '{id}'",
            "check the id (32 hex characters, as returned by POST /api/tasks)",
            "list recent tasks with: ftr tasks list  (or GET /api/tasks)").ForTask(id), StatusCodes.Status404NotFound);

    private static Dictionary<string, object?> Body(FtrProblem problem, int status) => new()
    {
        ["type"] = $"urn:ftr:problem:{problem.Code}",
        ["title"] = problem.Message,
        ["status"] = status,
        ["category"] = problem.Category,
        ["code"] = problem.Code,
        ["severity"] = problem.Severity,
        ["message"] = problem.Message,
        ["details"] = problem.Details,
        ["suggestedActions"] = problem.SuggestedActions,
        ["recoveryAttempted"] = problem.RecoveryAttempted,
        ["recoveryLevel"] = problem.RecoveryLevel,
        ["taskId"] = problem.TaskId,
        ["timestamp"] = problem.Timestamp ?? DateTimeOffset.UtcNow,
    };
}
