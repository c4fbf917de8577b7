namespace FaultTolerantRunner.Errors;

/// <summary>Carries an <see cref="FtrProblem"/> out of validation code; the HTTP layer turns it into problem+json.</summary>
public sealed class FtrProblemException(FtrProblem problem, int status = 400) : Exception(problem.Message)
{
    public FtrProblem Problem { get; } = problem;

    public int Status { get; } = status;
}
