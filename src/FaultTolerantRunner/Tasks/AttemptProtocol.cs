namespace FaultTolerantRunner.Tasks;

/// <summary>Between a task entity and its attempt runner (always local: the runner is the entity's grandchild).</summary>
internal static class AttemptProtocol
{
    /// <summary>A runner asks to start; the entity journals <see cref="AttemptStarted"/> first, then answers <see cref="Go"/>.</summary>
    public sealed record Starting(string TaskId);

    public sealed record Go(int Attempt, TaskSpec Spec);

    /// <summary>The task ended (cancelled or finished) before this runner could start.</summary>
    public sealed record Abort(string Reason);

    public sealed record Succeeded(int Attempt, string? Result, TimeSpan Took);

    public sealed record Failed(int Attempt, Supervision.FailureVerdict Verdict, TimeSpan Took, TimeSpan? RetryIn);
}
