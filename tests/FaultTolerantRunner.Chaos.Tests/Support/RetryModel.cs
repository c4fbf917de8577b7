namespace FaultTolerantRunner.Chaos.Tests.Support;

/// <summary>
/// What independent per-attempt faults at rate <c>r</c> with a budget of <c>A</c> attempts predict for one task: it uses
/// k &lt; A attempts with probability r^(k-1)·(1-r) (k-1 faults, then a success) and all A with r^(A-1); it succeeds with
/// 1 - r^A. The expected attempts and their spread check that the rate really was r per attempt and retries really ran.
/// </summary>
public sealed record RetryModel(double Rate, int MaxAttempts)
{
    public double SuccessShare => 1 - Math.Pow(Rate, MaxAttempts);

    /// <summary>Probability that a task used exactly <paramref name="attempts"/> attempts.</summary>
    public double AttemptsProbability(int attempts) =>
        attempts < 1 || attempts > MaxAttempts ? 0
        : attempts < MaxAttempts ? Math.Pow(Rate, attempts - 1) * (1 - Rate)
        : Math.Pow(Rate, MaxAttempts - 1);

    public double MeanAttempts => Enumerable.Range(1, MaxAttempts).Sum(k => k * AttemptsProbability(k));

    public double AttemptsStandardDeviation =>
        Math.Sqrt(Enumerable.Range(1, MaxAttempts).Sum(k => k * k * AttemptsProbability(k)) - MeanAttempts * MeanAttempts);
}
