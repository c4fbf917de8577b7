using FaultTolerantRunner.Supervision;
using FaultTolerantRunner.Taxonomy;

namespace FaultTolerantRunner.Tasks;

/// <summary>
/// Per-task retry policy: the task's <see cref="TaskRetryPolicy"/> over its tool's and category's policy. Its categories
/// that are not retried end the task at once; its maxAttempts counts every attempt since the last requeue.
/// </summary>
public sealed partial class TaskDecider
{
    /// <summary>The verdict on a failure already in <paramref name="provisional"/>'s attempts.</summary>
    private FailureVerdict Verdict(TaskState provisional, Classification classification)
    {
        var own = provisional.Spec!.Retry;
        var category = Names.Of(classification.Category);
        if (own is not null && own.NotRetried(classification.Category) && classification.Directive == Directive.Restart)
            return new FailureVerdict(Directive.Stop, false, TimeSpan.Zero, 0, $"{category} errors are not retried for this task (retry.nonRetryableCategories)");
        var verdict = RetryDecision.Decide(provisional, classification, rules.PolicyFor(provisional, classification.Category), rules.Random.NextDouble());
        var attempts = provisional.AttemptsSinceRequeue.Count();
        if (verdict.Retry && own?.MaxAttempts is { } max && attempts >= max)
            return new FailureVerdict(Directive.Stop, false, TimeSpan.Zero, 0, $"retries exhausted: {attempts} attempt(s), the task's retry.maxAttempts {max}");
        return verdict;
    }
}
