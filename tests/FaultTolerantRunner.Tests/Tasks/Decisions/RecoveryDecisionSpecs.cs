using FaultTolerantRunner.Recovery;
using FaultTolerantRunner.Supervision;
using FaultTolerantRunner.Tasks;
using FaultTolerantRunner.Taxonomy;
using static FaultTolerantRunner.Tests.Tasks.Decisions.DecisionFixture;
using TaskStatus = FaultTolerantRunner.Tasks.TaskStatus;

namespace FaultTolerantRunner.Tests.Tasks.Decisions;

/// <summary>How a recovery plan shapes the next attempt (progressive recovery, levels 1-5), decided without an actor system.</summary>
public sealed class RecoveryDecisionSpecs
{
    private readonly DecisionFixture _f = new(recovery: true);

    /// <summary>Fails the open attempt with a transient error and answers with the plan (or none).</summary>
    private (TaskState State, TaskDecision Decision) Planned(TaskState state, RecoveryProtocol.RecoveryPlan? plan,
        IReadOnlyList<RelocationTarget.Member>? members = null, DateTimeOffset? at = null)
    {
        var failure = Failure(state, ErrorCategory.Transient);
        var ask = _f.Decider.Decide(state, new TaskCommand.RecordFailure(failure), at ?? T0).Effects.OfType<TaskEffect.AskForPlan>().Single();
        return _f.Step(state, new TaskCommand.PlanArrived(failure, ask.Verdict, plan, members ?? []), at ?? T0);
    }

    private static string FingerprintOf(TaskState state) => Failure(state, ErrorCategory.Transient).Error.Fingerprint!;

    [Fact]
    public void Level_1_backoff_journals_the_plan_with_the_failure_and_retries_after_the_plain_delay()
    {
        var running = _f.Running();
        var (state, decision) = Planned(running, Plan(FingerprintOf(running), 1, RecoveryStrategies.Backoff));

        Assert.Equal([typeof(AttemptFailed), typeof(RecoveryPlanned)], decision.Events.Select(e => e.GetType()));
        Assert.Equal(T0.AddSeconds(1), state.NextAttemptAt);
        Assert.Equal((1, RecoveryStrategies.Backoff), (state.RecoveryLevel, state.CurrentPlan!.Strategy));
        Assert.True(decision.Effects.OfType<TaskEffect.SendVerdict>().Single().Verdict.Retry);
    }

    [Fact]
    public void Decorrelated_jitter_waits_between_the_base_delay_and_three_times_the_previous_one()
    {
        var running = _f.Running();
        var (state, _) = Planned(running, Plan(FingerprintOf(running), 1, RecoveryStrategies.DecorrelatedJitter));

        // Previous delay 1 s / multiplier 2 = 0.5 s, upper = 3 x max(0.5 s, base 1 s) = 3 s; the middle draw gives 2 s.
        Assert.Equal(T0.AddSeconds(2), state.NextAttemptAt);
    }

    [Fact]
    public void Level_2_extends_the_next_attempts_timeout_by_the_configured_factor()
    {
        var running = _f.Running();
        var (state, _) = Planned(running, Plan(FingerprintOf(running), 2, RecoveryStrategies.ExtendTimeout));
        var (_, start) = _f.Step(state, new TaskCommand.Gate(null), state.NextAttemptAt!.Value);

        Assert.Equal(TimeSpan.FromSeconds(60), start.Effects.OfType<TaskEffect.RunAttempt>().Single().Go.Timeout);
        Assert.Equal("retry with the attempt timeout x2", state.CurrentPlan!.Action);
    }

    [Fact]
    public void Level_2_reduces_the_parameters_of_a_reducible_tool_and_the_next_attempt_runs_with_them()
    {
        var running = _f.Running("batch", """{"items":[1,2,3,4]}""");
        var (state, _) = Planned(running, Plan(FingerprintOf(running), 2, RecoveryStrategies.ReduceParameters));
        var (_, start) = _f.Step(state, new TaskCommand.Gate(null), state.NextAttemptAt!.Value);

        Assert.Equal("""{"items":[1,2,3,4],"chunkSize":2}""", start.Effects.OfType<TaskEffect.RunAttempt>().Single().Go.Spec.Parameters);
        Assert.Equal("""{"items":[1,2,3,4]}""", state.Spec!.Parameters); // the submitted parameters stay as they were
    }

    [Fact]
    public void Level_3_recreates_the_handler_before_the_runner_restarts_and_cool_down_multiplies_the_delay()
    {
        var running = _f.Running();
        var (_, reset) = Planned(running, Plan(FingerprintOf(running), 3, RecoveryStrategies.ResetComponent));
        var (coolState, coolDown) = Planned(running, Plan(FingerprintOf(running), 3, RecoveryStrategies.ResetAndCoolDown));

        Assert.Equal([typeof(TaskEffect.ResetHandler), typeof(TaskEffect.Log), typeof(TaskEffect.SendVerdict)], reset.Effects.Select(e => e.GetType()));
        Assert.Equal("echo", reset.Effects.OfType<TaskEffect.ResetHandler>().Single().Tool);
        Assert.Equal(T0.AddSeconds(4), coolState.NextAttemptAt); // 1 s x CoolDownFactor 4
        Assert.Contains(coolDown.Effects, e => e is TaskEffect.ResetHandler);
    }


    [Fact]
    public void Level_5_dead_letters_without_reporting_the_failure_final_a_second_time()
    {
        var running = _f.Running();
        var (state, decision) = Planned(running, Plan(FingerprintOf(running), 5, RecoveryStrategies.DeadLetter));

        Assert.Equal(TaskStatus.DeadLettered, state.Status);
        Assert.StartsWith("recovery level 5 (full escalation)", ((TaskDeadLettered)decision.Events[1]).Reason);
        Assert.DoesNotContain(decision.Effects, e => e is TaskEffect.Notify { Message: RecoveryProtocol.ReportFailure });
        Assert.Contains(decision.Effects, e => e is TaskEffect.Notify { Message: RecoveryProtocol.ReportDeadLettered });
    }

    [Fact]
    public void Without_a_plan_in_time_the_task_retries_with_plain_backoff_and_says_so()
    {
        var (state, decision) = Planned(_f.Running(), plan: null);

        Assert.Single(decision.Events);
        Assert.Equal(T0.AddSeconds(1), state.NextAttemptAt);
        Assert.Contains(decision.Effects, e => e is TaskEffect.Log { Warning: true } log && log.Message.Contains("plain backoff"));
    }

    [Fact]
    public void A_task_that_keeps_failing_never_retries_sooner_than_last_time()
    {
        var running = _f.Running();
        var fingerprint = FingerprintOf(running);
        var (cooled, _) = Planned(running, Plan(fingerprint, 3, RecoveryStrategies.ResetAndCoolDown)); // waits 4 s
        var (next, _) = _f.Step(cooled, new TaskCommand.Gate(null), cooled.NextAttemptAt!.Value);
        var (state, _) = Planned(next, Plan(fingerprint, 1, RecoveryStrategies.Backoff), at: next.OpenAttempt!.StartedAt);

        // Plain backoff would be 2 s now; it waits just over the 4 s of last time.
        Assert.Equal(4001, state.History.Last(h => h.Event == "attempt-failed").DelayMs);
    }

    [Fact]
    public void A_plan_of_another_fingerprint_that_the_attempt_ran_under_is_reported_failed()
    {
        var running = _f.Running();
        var (planned, _) = Planned(running, Plan("other-fingerprint", 2, RecoveryStrategies.ExtendTimeout));
        var (next, _) = _f.Step(planned, new TaskCommand.Gate(null), planned.NextAttemptAt!.Value);

        var decision = _f.Decider.Decide(next, new TaskCommand.RecordFailure(Failure(next, ErrorCategory.Transient)), T0.AddSeconds(5));

        var planFailed = decision.Effects.OfType<TaskEffect.Notify>().Select(n => n.Message).OfType<RecoveryProtocol.ReportPlanFailed>().Single();
        Assert.Equal(("other-fingerprint", 2, RecoveryStrategies.ExtendTimeout), (planFailed.Fingerprint, planFailed.Level, planFailed.Strategy));
        Assert.Equal(0, decision.Effects.OfType<TaskEffect.AskForPlan>().Single().Report.AttemptLevel);
    }

    [Fact]
    public void A_success_after_a_plan_reports_the_recovery_and_how_long_it_took()
    {
        var running = _f.Running();
        var (planned, _) = Planned(running, Plan(FingerprintOf(running), 1, RecoveryStrategies.Backoff));
        var (next, _) = _f.Step(planned, new TaskCommand.Gate(null), planned.NextAttemptAt!.Value);

        var decision = _f.Decider.Decide(next, new TaskCommand.RecordSuccess(new AttemptProtocol.Succeeded(2, "{}", TimeSpan.FromMilliseconds(5), 0)), T0.AddSeconds(3));

        var recovered = decision.Effects.OfType<TaskEffect.Notify>().Select(n => n.Message).OfType<RecoveryProtocol.ReportRecovered>().Single();
        Assert.Equal((1, RecoveryStrategies.Backoff, 3000.0), (recovered.Level, recovered.Strategy, recovered.RecoveryMs));
    }
}
