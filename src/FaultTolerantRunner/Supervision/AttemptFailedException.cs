namespace FaultTolerantRunner.Supervision;

/// <summary>Thrown by an attempt runner after it reported a failure, so the backoff supervisor's decider can act on the verdict.</summary>
public sealed class AttemptFailedException(FailureVerdict verdict, Exception cause) : Exception(cause.Message, cause)
{
    public FailureVerdict Verdict { get; } = verdict;
}
