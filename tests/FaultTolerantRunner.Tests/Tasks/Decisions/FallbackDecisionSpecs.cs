using FaultTolerantRunner.Supervision;
using FaultTolerantRunner.Tasks;
using FaultTolerantRunner.Taxonomy;
using static FaultTolerantRunner.Tests.Tasks.Decisions.DecisionFixture;
using Directive = FaultTolerantRunner.Taxonomy.Directive;
using TaskStatus = FaultTolerantRunner.Tasks.TaskStatus;

namespace FaultTolerantRunner.Tests.Tasks.Decisions;

/// <summary>Fallback chains beyond the open breaker: a spent retry budget and a failed fallback hand over to the next tool of the chain.</summary>
public sealed class FallbackDecisionSpecs
{
    // One retry for every category, so that the budget is spent on the second failure.
    private readonly DecisionFixture _f = new(retry: new RetryPolicies(RetryPolicies.Defaults.ToDictionary(p => p.Key, p => p.Value with { MaxRetries = Math.Min(1, p.Value.MaxRetries) })));

    /// <summary>Fails the open attempt, then starts the next one at its retry time.</summary>
    private (TaskState State, TaskDecision Failed) FailThenStart(TaskState state, ErrorCategory category, DateTimeOffset at)
    {
        var (failed, decision) = _f.Step(state, new TaskCommand.RecordFailure(Failure(state, category)), at);
        return (failed.NextAttemptAt is { } next ? _f.Step(failed, new TaskCommand.Gate(null), next).State : failed, decision);
    }

    [Fact]
    public void A_spent_transient_budget_hands_over_to_the_first_fallback_at_once()
    {
        var (retried, _) = FailThenStart(_f.Running("report"), ErrorCategory.Transient, T0);
        var (onFallback, decision) = FailThenStart(retried, ErrorCategory.Transient, T0.AddSeconds(5));

        Assert.Equal([typeof(AttemptFailed), typeof(FallbackChosen)], decision.Events.Select(e => e.GetType()));
        Assert.Equal(T0.AddSeconds(5), ((AttemptFailed)decision.Events[0]).RetryAt); // no backoff: another tool serves
        var verdict = decision.Effects.OfType<TaskEffect.SendVerdict>().Single().Verdict;
        Assert.Equal((Directive.Restart, true), (verdict.Directive, verdict.Retry));
        Assert.Equal(("report-cache", TaskStatus.Running), (onFallback.Attempts[^1].Tool, onFallback.Status));
        Assert.Null(onFallback.NextFallback);
    }

    [Fact]
    public void The_fallbacks_success_is_degraded_and_records_which_fallback_served_and_why()
    {
        var (retried, _) = FailThenStart(_f.Running("report"), ErrorCategory.External, T0);
        var (onFallback, _) = FailThenStart(retried, ErrorCategory.External, T0.AddSeconds(5));
        var go = _f.Step(retried, new TaskCommand.RecordFailure(Failure(retried, ErrorCategory.External)), T0.AddSeconds(5)).State is var s
            ? _f.Decider.Decide(s, new TaskCommand.Gate(null), T0.AddSeconds(5)).Effects.OfType<TaskEffect.RunAttempt>().Single().Go
            : null;

        var (done, _) = _f.Step(onFallback, new TaskCommand.RecordSuccess(new AttemptProtocol.Succeeded(3, "{}", TimeSpan.Zero, 0, go!.DegradedReason)), T0.AddSeconds(6));

        Assert.Equal("report-cache", go.Spec.Tool);
        Assert.StartsWith("retry budget spent (retries exhausted: 2 external failure(s)", go.DegradedReason);
        Assert.Equal(TaskStatus.Degraded, done.Status);
        var result = System.Text.Json.Nodes.JsonNode.Parse(done.Result!)!;
        Assert.Equal(("report-cache", true), ((string?)result["fallback"], (bool)result["degraded"]!));
    }

    [Fact]
    public void A_failed_fallback_hands_over_to_the_next_one_and_the_last_one_failing_dead_letters_the_task()
    {
        var (retried, _) = FailThenStart(_f.Running("report"), ErrorCategory.Transient, T0);
        var (first, _) = FailThenStart(retried, ErrorCategory.Transient, T0.AddSeconds(5));
        var (second, handOver) = FailThenStart(first, ErrorCategory.Permanent, T0.AddSeconds(6));
        var (final, last) = _f.Step(second, new TaskCommand.RecordFailure(Failure(second, ErrorCategory.Transient)), T0.AddSeconds(7));

        Assert.Equal("report-static", second.Attempts[^1].Tool);
        Assert.StartsWith("fallback 'report-cache' failed (permanent:", ((FallbackChosen)handOver.Events[1]).Reason);
        Assert.True(final.InDeadLetterQueue);
        Assert.IsType<TaskDeadLettered>(last.Events[1]);
        Assert.Equal(["report-cache", "report-static"], final.FallbacksTried);
    }

    [Fact]
    public void A_failure_that_retrying_cannot_fix_is_dead_lettered_without_a_fallback()
    {
        var (state, decision) = _f.Step(_f.Running("report"), new TaskCommand.RecordFailure(Failure(_f.Running("report"), ErrorCategory.Permanent)), T0);

        Assert.True(state.InDeadLetterQueue);
        Assert.DoesNotContain(decision.Events, e => e is FallbackChosen);
    }

    [Fact]
    public void A_requeued_task_starts_again_with_its_own_tool_and_its_whole_chain()
    {
        var (retried, _) = FailThenStart(_f.Running("report"), ErrorCategory.Transient, T0);
        var (first, _) = FailThenStart(retried, ErrorCategory.Transient, T0.AddSeconds(5));
        var (second, _) = FailThenStart(first, ErrorCategory.Transient, T0.AddSeconds(6));
        var (dead, _) = _f.Step(second, new TaskCommand.RecordFailure(Failure(second, ErrorCategory.Transient)), T0.AddSeconds(7));

        var (requeued, _) = _f.Step(dead, new TaskCommand.Requeue("cache rebuilt", AttemptsRunning: false), T0.AddMinutes(1));
        var (running, _) = _f.Step(requeued, new TaskCommand.Gate(null), T0.AddMinutes(1));

        Assert.Null(running.Attempts[^1].Tool);
        Assert.Empty(running.FallbacksTried);
    }
}
