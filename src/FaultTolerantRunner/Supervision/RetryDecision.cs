using FaultTolerantRunner.Tasks;
using FaultTolerantRunner.Taxonomy;

namespace FaultTolerantRunner.Supervision;

/// <summary>
/// The pure decision after a failed attempt: the classification's directive, the category's retry budget
/// (counted over the attempts since the task was last (re)queued), a task's own cap, and the backoff delay.
/// </summary>
public static class RetryDecision
{
    public static FailureVerdict Decide(TaskState task, Classification classification, RetryPolicy policy, double random)
    {
        var category = Names.Of(classification.Category);
        if (classification.Directive != Directive.Restart)
            return new FailureVerdict(classification.Directive, false, TimeSpan.Zero, 0, classification.Directive switch
            {
                Directive.Escalate => "critical failure: escalated, tool isolated",
                _ => $"{category} errors are not retried",
            });

        // This failure is already in the task's attempts (it was journaled before the decision).
        var failures = task.AttemptsSinceRequeue.Count(a => a.Error?.Category == classification.Category);
        var budget = Math.Min(policy.MaxRetries, task.Spec?.MaxRetries ?? int.MaxValue);
        if (failures > budget)
            return new FailureVerdict(Directive.Stop, false, TimeSpan.Zero, 0,
                $"retries exhausted: {failures} {category} failure(s), budget {budget} retr{(budget == 1 ? "y" : "ies")}");
        return new FailureVerdict(Directive.Restart, true, policy.DelayBefore(failures, random), failures, $"{category} retry {failures} of {budget}");
    }

    /// <summary>The attempt timeout: the base, grown after each timeout when the policy says so (retry with an extended timeout).</summary>
    public static TimeSpan TimeoutFor(TaskState task, TimeSpan baseTimeout, RetryPolicy timeoutPolicy, TimeSpan max)
    {
        var timeouts = task.AttemptsSinceRequeue.Count(a => a.Error?.Category == ErrorCategory.Timeout);
        var grown = baseTimeout.TotalMilliseconds * Math.Pow(timeoutPolicy.TimeoutGrowth, timeouts);
        return TimeSpan.FromMilliseconds(Math.Min(grown, max.TotalMilliseconds));
    }
}
