namespace FaultTolerantRunner.Taxonomy;

/// <summary>An attempt ran past its timeout and was cancelled by the runner.</summary>
public sealed class AttemptTimeoutException(TimeSpan timeout)
    : TimeoutException($"attempt exceeded its timeout of {timeout.TotalSeconds:0.###} s and was cancelled")
{
    public TimeSpan Timeout { get; } = timeout;
}
