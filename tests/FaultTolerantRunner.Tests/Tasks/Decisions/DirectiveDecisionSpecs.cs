using FaultTolerantRunner.Recovery;
using FaultTolerantRunner.Supervision;
using FaultTolerantRunner.Tasks;
using FaultTolerantRunner.Taxonomy;
using static FaultTolerantRunner.Tests.Tasks.Decisions.DecisionFixture;
using Directive = FaultTolerantRunner.Taxonomy.Directive;
using TaskStatus = FaultTolerantRunner.Tasks.TaskStatus;
using FaultTolerantRunner.DeadLetters;

namespace FaultTolerantRunner.Tests.Tasks.Decisions;

/// <summary>The taxonomy's directives and the retry budgets, decided without an actor system.</summary>
public sealed class DirectiveDecisionSpecs
{
    private readonly DecisionFixture _f = new();

    [Fact]
    public void A_transient_failure_is_retried_after_the_policy_delay_and_the_runner_is_told_to_restart()
    {
        var (state, decision) = _f.Step(_f.Running(), new TaskCommand.RecordFailure(Failure(_f.Running(), ErrorCategory.Transient)), T0);

        var failed = Assert.IsType<AttemptFailed>(Assert.Single(decision.Events));
        Assert.Equal(T0.AddSeconds(1), failed.RetryAt); // transient: base 1 s, no jitter at the middle draw
        var verdict = Assert.IsType<TaskEffect.SendVerdict>(Assert.Single(decision.Effects)).Verdict;
        Assert.Equal((Directive.Restart, true, 1), (verdict.Directive, verdict.Retry, verdict.RetryNumber));
        Assert.Equal(TaskStatus.RetryScheduled, state.Status);
        Assert.Equal(1000, state.History[^1].DelayMs);
    }

    [Fact]
    public void Transient_retries_wait_longer_each_time_up_to_the_budget_then_the_task_is_dead_lettered()
    {
        var state = _f.Running();
        var at = T0;
        var delays = new List<double>();
        for (var i = 0; i < 5; i++)
        {
            (state, _) = _f.FailAndRetry(state, ErrorCategory.Transient, at);
            delays.Add(state.History.Last(h => h.Event == "attempt-failed").DelayMs!.Value);
            at = state.OpenAttempt!.StartedAt.AddSeconds(1);
        }
        var (final, decision) = _f.Step(state, new TaskCommand.RecordFailure(Failure(state, ErrorCategory.Transient)), at);

        Assert.Equal([1000, 2000, 4000, 8000, 16000], delays);
        Assert.Equal(TaskStatus.DeadLettered, final.Status);
        Assert.StartsWith("retries exhausted: 6 transient failure(s), budget 5", final.History[^1].Detail);
        Assert.Contains(decision.Effects, e => e is TaskEffect.Completed { Outcome: "dead-lettered" });
    }

    [Theory]
    [InlineData(ErrorCategory.Permanent)]
    [InlineData(ErrorCategory.Validation)]
    public void A_failure_that_retrying_cannot_fix_is_dead_lettered_after_one_attempt(ErrorCategory category)
    {
        var (state, decision) = _f.Step(_f.Running(), new TaskCommand.RecordFailure(Failure(_f.Running(), category)), T0);

        Assert.Equal([typeof(AttemptFailed), typeof(TaskDeadLettered)], decision.Events.Select(e => e.GetType()));
        Assert.True(state.InDeadLetterQueue);
        Assert.Single(state.Attempts);
        Assert.Equal($"{Names.Of(category)} errors are not retried", ((TaskDeadLettered)decision.Events[1]).Reason);
        var verdict = decision.Effects.OfType<TaskEffect.SendVerdict>().Single().Verdict;
        Assert.Equal((Directive.Stop, false), (verdict.Directive, verdict.Retry));
    }

    [Fact]
    public void A_critical_failure_escalates_to_the_node_supervisor_with_the_tool_and_task()
    {
        var (_, decision) = _f.Step(_f.Running(), new TaskCommand.RecordFailure(Failure(_f.Running(), ErrorCategory.Critical, "state corrupted")), T0);

        var escalation = decision.Effects.OfType<TaskEffect.Escalate>().Single().Escalation;
        Assert.Equal(("echo", "t1", "Test.Error: state corrupted"), (escalation.Tool, escalation.TaskId, escalation.Reason));
        Assert.Equal(Directive.Escalate, decision.Effects.OfType<TaskEffect.SendVerdict>().Single().Verdict.Directive);
        // The verdict reaches the runner before the escalation, and the task ends after both.
        Assert.Equal([typeof(TaskEffect.SendVerdict), typeof(TaskEffect.Escalate), typeof(TaskEffect.Completed)], decision.Effects.Select(e => e.GetType()));
    }

    [Fact]
    public void An_unknown_failure_is_retried_once_then_stopped()
    {
        var (state, first) = _f.FailAndRetry(_f.Running(), ErrorCategory.Unknown, T0);
        var (final, _) = _f.Step(state, new TaskCommand.RecordFailure(Failure(state, ErrorCategory.Unknown)), T0.AddSeconds(5));

        Assert.True(first.Effects.OfType<TaskEffect.SendVerdict>().Single().Verdict.Retry);
        Assert.Equal(TaskStatus.DeadLettered, final.Status);
        Assert.Equal(2, final.Attempts.Count);
    }

    [Fact]
    public void The_tasks_own_retry_cap_wins_over_a_larger_category_budget()
    {
        var (state, _) = _f.FailAndRetry(_f.Running(maxRetries: 1), ErrorCategory.Transient, T0);
        var (final, _) = _f.Step(state, new TaskCommand.RecordFailure(Failure(state, ErrorCategory.Transient)), T0.AddSeconds(5));

        Assert.Equal(TaskStatus.DeadLettered, final.Status);
        Assert.StartsWith("retries exhausted: 2 transient failure(s), budget 1 retry", final.History[^1].Detail);
    }

    [Fact]
    public void Budgets_count_per_category_so_a_timeout_does_not_spend_the_transient_budget()
    {
        var policies = new RetryPolicies(RetryPolicies.Defaults.ToDictionary(p => p.Key, p => p.Value with { MaxRetries = 1 }));
        var f = new DecisionFixture(retry: policies);
        var (state, _) = f.FailAndRetry(f.Running(), ErrorCategory.Transient, T0);
        var (next, decision) = f.FailAndRetry(state, ErrorCategory.Timeout, T0.AddSeconds(2));

        Assert.True(decision.Effects.OfType<TaskEffect.SendVerdict>().Single().Verdict.Retry);
        Assert.Equal(TaskStatus.Running, next.Status);
    }

    [Fact]
    public void A_requeued_task_has_a_fresh_budget_and_its_earlier_attempts_stay_in_its_history()
    {
        var f = new DecisionFixture(retry: new RetryPolicies(RetryPolicies.Defaults.ToDictionary(p => p.Key, p => p.Value with { MaxRetries = 0 })));
        var (dead, _) = f.Step(f.Running(), new TaskCommand.RecordFailure(Failure(f.Running(), ErrorCategory.Transient)), T0);
        var (requeued, requeue) = f.Step(dead, new TaskCommand.Requeue("fixed", AttemptsRunning: false), T0.AddMinutes(1));
        var (running, _) = f.Step(requeued, new TaskCommand.Gate(null), T0.AddMinutes(1));
        var (_, decision) = f.Step(running, new TaskCommand.RecordFailure(Failure(running, ErrorCategory.Transient)), T0.AddMinutes(2));

        Assert.True(Assert.IsType<DlqProtocol.DlqResult>(requeue.Reply).Done);
        Assert.Contains(requeue.Effects, e => e is TaskEffect.StartAttempts);
        Assert.StartsWith("retries exhausted: 1 transient failure(s), budget 0", ((TaskDeadLettered)decision.Events[1]).Reason);
        Assert.Equal(2, running.Attempts.Count);
    }

    [Fact]
    public void Without_a_dead_letter_queue_a_task_that_cannot_succeed_ends_failed()
    {
        var f = new DecisionFixture(new TaskOptions { DeadLetterQueue = false });
        var (state, decision) = f.Step(f.Running(), new TaskCommand.RecordFailure(Failure(f.Running(), ErrorCategory.Permanent)), T0);

        Assert.Equal(TaskStatus.Failed, state.Status);
        Assert.IsType<TaskFailed>(decision.Events[1]);
        Assert.Contains(decision.Effects, e => e is TaskEffect.Completed { Outcome: "failed" });
    }

    [Fact]
    public void A_report_from_an_attempt_that_is_no_longer_open_changes_nothing_and_stops_its_runner()
    {
        var state = _f.Running();
        var stale = Failure(state, ErrorCategory.Transient) with { Attempt = 7 };

        var decision = _f.Decider.Decide(state, new TaskCommand.RecordFailure(stale), T0);

        Assert.Empty(decision.Events);
        var verdict = Assert.IsType<TaskEffect.SendVerdict>(Assert.Single(decision.Effects)).Verdict;
        Assert.Equal((Directive.Stop, "stale attempt"), (verdict.Directive, verdict.Reason));
        Assert.Empty(_f.Decider.Decide(state, new TaskCommand.RecordSuccess(new AttemptProtocol.Succeeded(7, null, TimeSpan.Zero, 0)), T0).Events);
    }

    [Fact]
    public void Each_timeout_grows_the_next_attempts_timeout_by_the_policys_growth()
    {
        var (state, _) = _f.FailAndRetry(_f.Running(), ErrorCategory.Timeout, T0);
        var (_, start) = _f.Step(_f.Step(state, new TaskCommand.RecordFailure(Failure(state, ErrorCategory.Timeout)), T0.AddSeconds(3)).State,
            new TaskCommand.Gate(null), T0.AddSeconds(10));

        Assert.Equal(TimeSpan.FromSeconds(30 * 4), start.Effects.OfType<TaskEffect.RunAttempt>().Single().Go.Timeout); // echo 30 s, growth 2 per timeout
    }

    [Fact]
    public void With_recovery_a_retry_asks_its_fingerprint_for_a_plan_before_anything_is_journaled()
    {
        var f = new DecisionFixture(recovery: true);
        var failure = Failure(f.Running(), ErrorCategory.Transient);

        var decision = f.Decider.Decide(f.Running(), new TaskCommand.RecordFailure(failure), T0);

        Assert.Empty(decision.Events);
        var ask = Assert.IsType<TaskEffect.AskForPlan>(Assert.Single(decision.Effects));
        Assert.Equal((failure.Error.Fingerprint, "t1", 1, true, false), (ask.Report.Fingerprint, ask.Report.TaskId, ask.Report.Attempt, ask.Report.Retryable, ask.Report.Final));
    }

    [Fact]
    public void With_recovery_a_final_failure_is_reported_final_and_dead_lettered_to_its_fingerprint()
    {
        var f = new DecisionFixture(recovery: true);
        var failure = Failure(f.Running(), ErrorCategory.Permanent);

        var decision = f.Decider.Decide(f.Running(), new TaskCommand.RecordFailure(failure), T0);

        var messages = decision.Effects.OfType<TaskEffect.Notify>().Select(n => n.Message).ToList();
        Assert.True(Assert.IsType<RecoveryProtocol.ReportFailure>(messages[0]).Final);
        var dead = Assert.IsType<RecoveryProtocol.ReportDeadLettered>(messages[1]);
        Assert.Equal((failure.Error.Fingerprint, "node-a"), (dead.Fingerprint, dead.Node));
    }
}
