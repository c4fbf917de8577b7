namespace FaultTolerantRunner.Problems;

/// <summary>Carries an <see cref="FtrProblem"/> out of validation code; the HTTP layer turns it into problem+json.</summary>
public sealed class FtrProblemException(FtrProblem problem, int status = 400) : Exception(problem.Message)
{
    public FtrProblem Problem { get; } = problem;

    public int Status { get; } = status;

    /// <summary>Sent as the Retry-After header: when a refused request may be tried again.</summary>
    public TimeSpan? RetryAfter { get; init; }
}
