using FaultTolerantRunner.Contracts;
using FaultTolerantRunner.Problems;

namespace FaultTolerantRunner.Node.Api;

/// <summary>Writes <see cref="FtrProblem"/> as <c>application/problem+json</c> (<see cref="ProblemResponse"/>).</summary>
public static class ProblemResults
{
    public static IResult Result(FtrProblem problem, int status) =>
        TypedResults.Json(ProblemResponse.From(problem, status), WireJson.Options, ProblemResponse.ContentType, status);

    public static IResult Result(FtrProblemException exception) => Result(exception.Problem, exception.Status);

    public static Task WriteAsync(HttpContext context, FtrProblem problem, int status)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(ProblemResponse.From(problem, status), WireJson.Options, ProblemResponse.ContentType);
    }
}
