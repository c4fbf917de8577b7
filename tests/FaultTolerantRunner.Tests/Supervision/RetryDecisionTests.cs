using FaultTolerantRunner.Supervision;
using FaultTolerantRunner.Tasks;
using FaultTolerantRunner.Taxonomy;
using FaultTolerantRunner.Tests.Support;

namespace FaultTolerantRunner.Tests.Supervision;

public sealed class RetryDecisionTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);
    private static readonly RetryPolicy Transient = RetryPolicies.Defaults[ErrorCategory.Transient];

    [Fact]
    public void Delays_grow_exponentially_up_to_the_cap_within_the_random_factor()
    {
        var delays = Enumerable.Range(1, 8).Select(n => Transient.DelayBefore(n, 0.5).TotalSeconds).ToArray();

        Assert.Equal([1, 2, 4, 8, 16, 32, 60, 60], delays);
        Assert.InRange(Transient.DelayBefore(1, 0.0).TotalSeconds, 0.8, 0.8);
        Assert.InRange(Transient.DelayBefore(1, 0.999).TotalSeconds, 1.19, 1.2);
    }

    [Fact]
    public void A_transient_failure_is_retried_until_the_category_budget_is_spent()
    {
        var classification = CategoryDefaults.For(ErrorCategory.Transient, "t");
        var verdicts = Enumerable.Range(1, 6).Select(n => RetryDecision.Decide(TaskWithFailures(ErrorCategory.Transient, n), classification, Transient, 0.5)).ToList();

        Assert.All(verdicts.Take(5), v => Assert.True(v.Retry));
        Assert.False(verdicts[5].Retry);
        Assert.StartsWith("retries exhausted", verdicts[5].Reason);
    }

    [Fact]
    public void A_task_can_cap_its_own_retries()
    {
        var task = TaskWithFailures(ErrorCategory.Transient, 2, maxRetries: 1);

        Assert.False(RetryDecision.Decide(task, CategoryDefaults.For(ErrorCategory.Transient, "t"), Transient, 0.5).Retry);
    }

    [Theory]
    [InlineData(ErrorCategory.Validation, Directive.Stop)]
    [InlineData(ErrorCategory.Permanent, Directive.Stop)]
    [InlineData(ErrorCategory.Critical, Directive.Escalate)]
    public void Categories_without_retries_stop_or_escalate_at_once(ErrorCategory category, Directive directive)
    {
        var verdict = RetryDecision.Decide(TaskWithFailures(category, 1), CategoryDefaults.For(category, "r"), RetryPolicies.Defaults[category], 0.5);

        Assert.False(verdict.Retry);
        Assert.Equal(directive, verdict.Directive);
    }

    [Fact]
    public void Unknown_errors_are_retried_once_then_stopped()
    {
        var unknown = CategoryDefaults.For(ErrorCategory.Unknown, "u");
        var policy = RetryPolicies.Defaults[ErrorCategory.Unknown];

        Assert.True(RetryDecision.Decide(TaskWithFailures(ErrorCategory.Unknown, 1), unknown, policy, 0.5).Retry);
        Assert.False(RetryDecision.Decide(TaskWithFailures(ErrorCategory.Unknown, 2), unknown, policy, 0.5).Retry);
    }

    [Fact]
    public void Each_timeout_extends_the_next_attempts_timeout()
    {
        var policy = RetryPolicies.Defaults[ErrorCategory.Timeout];

        Assert.Equal(TimeSpan.FromSeconds(10), RetryDecision.TimeoutFor(TaskWithFailures(ErrorCategory.Timeout, 0), TimeSpan.FromSeconds(10), policy, TimeSpan.FromHours(1)));
        Assert.Equal(TimeSpan.FromSeconds(40), RetryDecision.TimeoutFor(TaskWithFailures(ErrorCategory.Timeout, 2), TimeSpan.FromSeconds(10), policy, TimeSpan.FromHours(1)));
    }

    [Fact]
    public void A_requeued_task_gets_a_fresh_budget()
    {
        var task = TaskWithFailures(ErrorCategory.Transient, 6).Apply(new TaskDeadLettered(Error(ErrorCategory.Transient), "exhausted", T0)).Apply(new TaskRequeued(1, "fixed", T0));
        task = task.Apply(new AttemptStarted(7, "n", T0)).Apply(new AttemptFailed(7, Error(ErrorCategory.Transient), 1, null, T0));

        Assert.True(RetryDecision.Decide(task, CategoryDefaults.For(ErrorCategory.Transient, "t"), Transient, 0.5).Retry);
    }

    private static TaskState TaskWithFailures(ErrorCategory category, int failures, int? maxRetries = null)
    {
        var state = TaskState.Empty("t").Apply(new TaskAccepted("t", TestSystems.Spec("flaky") with { MaxRetries = maxRetries }, T0));
        for (var i = 1; i <= failures; i++)
            state = state.Apply(new AttemptStarted(i, "n", T0)).Apply(new AttemptFailed(i, Error(category), 1, null, T0));
        return state;
    }

    private static TaskError Error(ErrorCategory category) => new("T", "m", category, Severity.Low, "r", null);
}
