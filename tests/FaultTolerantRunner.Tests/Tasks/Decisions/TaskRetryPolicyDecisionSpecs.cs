using Microsoft.Extensions.Configuration;
using FaultTolerantRunner.Problems;
using FaultTolerantRunner.Supervision;
using FaultTolerantRunner.Tasks;
using FaultTolerantRunner.Taxonomy;
using static FaultTolerantRunner.Tests.Tasks.Decisions.DecisionFixture;
using TaskStatus = FaultTolerantRunner.Tasks.TaskStatus;

namespace FaultTolerantRunner.Tests.Tasks.Decisions;

/// <summary>A task's own retry policy over its tool's and category's, within the operator's bounds, on a fixed clock.</summary>
public sealed class TaskRetryPolicyDecisionSpecs
{
    private readonly DecisionFixture _f = new();

    private TaskState Running(TaskRetryPolicy retry)
    {
        var (state, _) = _f.Step(TaskState.Empty("t1"), new TaskCommand.Submit("t1", new TaskSpec("echo", "{}", null, null, Retry: retry), null), T0);
        return state;
    }

    [Fact]
    public void Its_delays_replace_the_categorys_and_its_max_attempts_ends_the_task_after_that_many()
    {
        var state = Running(new TaskRetryPolicy(MaxAttempts: 3, BaseDelaySeconds: 7, MaxDelaySeconds: 10));
        var retryAts = new List<TimeSpan>();
        var at = T0;
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            at = at.AddSeconds(1);
            (state, _) = _f.Step(state, new TaskCommand.RecordFailure(Failure(state, ErrorCategory.Transient)), at);
            if (state.NextAttemptAt is not { } next) break;
            retryAts.Add(next - at);
            (state, _) = _f.Step(state, new TaskCommand.Gate(null), next);
            at = next;
        }

        // Transient's own policy would retry 5 times from 1 s, doubling; the task's: 3 attempts, 7 s, then capped at 10 s.
        Assert.Equal([TimeSpan.FromSeconds(7), TimeSpan.FromSeconds(10)], retryAts);
        Assert.Equal((TaskStatus.DeadLettered, 3), (state.Status, state.AttemptCount));
        Assert.Contains("retries exhausted", state.History[^1].Detail);
    }

    [Fact]
    public void Its_max_attempts_counts_attempts_of_every_category()
    {
        var state = Running(new TaskRetryPolicy(MaxAttempts: 2));

        (state, _) = _f.FailAndRetry(state, ErrorCategory.Transient, T0.AddSeconds(1));
        var (dead, _) = _f.Step(state, new TaskCommand.RecordFailure(Failure(state, ErrorCategory.External)), T0.AddMinutes(1));

        Assert.Equal((TaskStatus.DeadLettered, 2), (dead.Status, dead.AttemptCount));
        Assert.Contains("the task's retry.maxAttempts 2", dead.History[^1].Detail);
    }

    [Fact]
    public void A_category_it_names_as_non_retryable_dead_letters_at_once_while_others_still_retry()
    {
        var external = Running(new TaskRetryPolicy(NonRetryableCategories: [ErrorCategory.External]));
        var transient = Running(new TaskRetryPolicy(NonRetryableCategories: [ErrorCategory.External]));

        var (dead, _) = _f.FailAndRetry(external, ErrorCategory.External, T0.AddSeconds(1));
        var (retried, _) = _f.FailAndRetry(transient, ErrorCategory.Transient, T0.AddSeconds(1));

        Assert.Equal((TaskStatus.DeadLettered, 1), (dead.Status, dead.AttemptCount));
        Assert.Contains("not retried for this task", dead.History[^1].Detail);
        Assert.Equal(TaskStatus.Running, retried.Status);
    }

    [Fact]
    public void It_cannot_make_a_category_that_is_never_retried_retryable()
    {
        var state = Running(new TaskRetryPolicy(MaxAttempts: 10));

        var (dead, _) = _f.FailAndRetry(state, ErrorCategory.Validation, T0.AddSeconds(1));

        Assert.Equal((TaskStatus.DeadLettered, 1), (dead.Status, dead.AttemptCount));
    }

    [Fact]
    public void Without_one_the_categorys_policy_decides_as_before()
    {
        var (failed, _) = _f.Step(_f.Running(), new TaskCommand.RecordFailure(Failure(_f.Running(), ErrorCategory.Transient)), T0);

        Assert.Equal(T0.AddSeconds(1), failed.NextAttemptAt);
    }

    [Theory]
    [InlineData(51, null, null, "Retry:Bounds:MaxAttempts (50)")]
    [InlineData(0, null, null, "retry.maxAttempts must be between 1")]
    [InlineData(null, 0.01, null, "Retry:Bounds:MinBaseDelay (0.1 s)")]
    [InlineData(null, null, 7200.0, "Retry:Bounds:MaxDelay (3600 s)")]
    [InlineData(null, 10.0, 5.0, "must be at least retry.baseDelay")]
    public void Out_of_the_operators_bounds_it_is_refused_naming_the_bound(int? attempts, double? baseDelay, double? maxDelay, string says)
    {
        var policy = new TaskRetryPolicy(attempts, baseDelay, maxDelay);

        var refused = Assert.Throws<FtrProblemException>(() => policy.Check(new RetryBounds()));

        Assert.Equal("invalid-retry", refused.Problem.Code);
        Assert.Contains(says, refused.Problem.Message);
    }

    [Fact]
    public void Configured_bounds_are_read_from_retry_bounds_and_checked()
    {
        var configuration = new Microsoft.Extensions.Configuration.ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Retry:Bounds:MaxAttempts"] = "5", ["Retry:Transient:MaxRetries"] = "2" }).Build();
        var bad = new Microsoft.Extensions.Configuration.ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Retry:Bounds:MaxDelay"] = "2.00:00:00" }).Build();

        var policies = RetryConfiguration.Load(configuration);

        Assert.Equal((5, 2), (policies.Bounds.MaxAttempts, policies.For("echo", ErrorCategory.Transient).MaxRetries));
        Assert.Throws<FtrProblemException>(() => { new TaskRetryPolicy(MaxAttempts: 6).Check(policies.Bounds); });
        Assert.Contains("Retry:Bounds:MaxDelay", Assert.Throws<FaultTolerantRunner.Hosting.RunnerConfigurationException>(() => RetryConfiguration.Load(bad)).Message);
    }
}
