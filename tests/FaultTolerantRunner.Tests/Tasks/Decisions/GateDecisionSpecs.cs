using FaultTolerantRunner.Breakers;
using FaultTolerantRunner.Supervision;
using FaultTolerantRunner.Tasks;
using static FaultTolerantRunner.Tests.Tasks.Decisions.DecisionFixture;
using TaskStatus = FaultTolerantRunner.Tasks.TaskStatus;
using FaultTolerantRunner.Taxonomy;

namespace FaultTolerantRunner.Tests.Tasks.Decisions;

/// <summary>The gates before an attempt (the tool's isolation on this node, the service's breaker), decided without an actor system.</summary>
public sealed class GateDecisionSpecs
{
    private readonly DecisionFixture _f = new(breakers: true);

    private TaskState Accepted(string tool, IsolatedTool? isolation = null, int? deadlineSeconds = null) =>
        _f.Step(TaskState.Empty("t1"), new TaskCommand.Submit("t1", new TaskSpec(tool, "{}", null, null, DeadlineSeconds: deadlineSeconds), isolation), T0).State;

    private static BreakerProtocol.Rejected Open(DateTimeOffset since) => new("pay-svc", BreakerStatus.Open, since.AddSeconds(30), since, "failure ratio 0.8 over 10 calls");

    [Fact]
    public void A_task_whose_service_is_guarded_asks_the_breaker_before_its_first_attempt_starts()
    {
        var accepted = Accepted("pay");

        var decision = _f.Decider.Decide(accepted, new TaskCommand.Gate(null), T0);

        Assert.Null(accepted.OpenAttempt);
        Assert.Equal("pay-svc", Assert.IsType<TaskEffect.AskBreaker>(Assert.Single(decision.Effects)).Service);
        Assert.Empty(decision.Events);
    }

    [Fact]
    public void A_permit_starts_the_attempt_holding_it_and_no_answer_does_not_block_the_task()
    {
        var accepted = Accepted("pay");

        var permitted = _f.Decider.Decide(accepted, new TaskCommand.BreakerAnswered("pay-svc", new BreakerProtocol.Permit("pay-svc", Probe: true, Epoch: 3)), T0);
        var unanswered = _f.Decider.Decide(accepted, new TaskCommand.BreakerAnswered("pay-svc", null), T0);

        var go = permitted.Effects.OfType<TaskEffect.RunAttempt>().Single().Go;
        Assert.Equal(new AttemptProtocol.BreakerGuard("pay-svc", true, 3), go.Guard);
        Assert.IsType<AttemptStarted>(Assert.Single(permitted.Events));
        Assert.Null(unanswered.Effects.OfType<TaskEffect.RunAttempt>().Single().Go.Guard);
    }

    [Fact]
    public void An_open_breaker_parks_the_task_waiting_for_its_service_without_consuming_an_attempt()
    {
        var (waiting, decision) = _f.Step(Accepted("pay"), new TaskCommand.BreakerAnswered("pay-svc", Open(T0)), T0.AddSeconds(1));
        var again = _f.Decider.Decide(waiting, new TaskCommand.BreakerAnswered("pay-svc", Open(T0)), T0.AddSeconds(40));

        Assert.Equal(TaskStatus.WaitingForService, waiting.Status);
        Assert.Empty(waiting.Attempts);
        var watch = Assert.IsType<TaskEffect.WatchService>(Assert.Single(decision.Effects));
        Assert.Equal(TimeSpan.FromMinutes(10) - TimeSpan.FromSeconds(1), watch.Until); // Tasks:MaxServiceWait from acceptance
        Assert.Empty(again.Events); // still waiting: journaled once
    }

    [Fact]
    public void An_open_breaker_runs_the_fallback_tool_that_does_not_call_the_same_service_and_marks_it_degraded()
    {
        var decision = _f.Decider.Decide(Accepted("pay-with-cache"), new TaskCommand.BreakerAnswered("pay-svc", Open(T0)), T0);

        var go = decision.Effects.OfType<TaskEffect.RunAttempt>().Single().Go;
        Assert.Equal("pay-cached", go.Spec.Tool);
        Assert.StartsWith("service 'pay-svc' unavailable", go.DegradedReason);
    }

    [Fact]
    public void A_fallback_result_is_journaled_marked_degraded()
    {
        var (running, _) = _f.Step(Accepted("pay-with-cache"), new TaskCommand.BreakerAnswered("pay-svc", Open(T0)), T0);

        var (state, decision) = _f.Step(running, new TaskCommand.RecordSuccess(new AttemptProtocol.Succeeded(1, """{"cached":1}""", TimeSpan.Zero, 0, "service down")), T0);

        Assert.Equal(TaskStatus.Degraded, state.Status);
        Assert.Equal("""{"degraded":true,"fallback":"pay-cached","reason":"service down","value":{"cached":1}}""", state.Result);
        Assert.Equal("pay-cached", state.Attempts[^1].Tool);
        Assert.Contains(decision.Effects, e => e is TaskEffect.Completed { Outcome: "degraded" });
    }

    [Fact]
    public void A_service_still_down_at_the_tasks_deadline_dead_letters_it_as_external_with_what_to_check()
    {
        var accepted = Accepted("pay", deadlineSeconds: 30);

        var (state, decision) = _f.Step(accepted, new TaskCommand.BreakerAnswered("pay-svc", Open(T0)), T0.AddSeconds(31));

        Assert.True(state.InDeadLetterQueue);
        Assert.Equal((ErrorCategory.External, "breaker.deadline"), (state.LastError!.Category, state.LastError.Rule));
        Assert.Contains("ftr breakers show pay-svc", state.LastError.Advice);
        Assert.Equal([typeof(TaskEffect.StopAttempts), typeof(TaskEffect.Completed)], decision.Effects.Select(e => e.GetType()));
    }

    [Fact]
    public void A_service_deadline_that_dead_letters_a_task_runs_its_compensations_once()
    {
        var running = _f.Step(Accepted("pay", deadlineSeconds: 30), new TaskCommand.BreakerAnswered("pay-svc", new BreakerProtocol.Permit("pay-svc", Probe: false, Epoch: 0)), T0).State;
        var registered = _f.Step(running, new TaskCommand.RegisterCompensation(new CompensationProtocol.Register(running.OpenAttempt!.Number, "pay", "refund", null, FaultTolerantRunner.Tools.CompensationScope.Task)), T0).State;
        var (retrying, _) = _f.Step(registered, new TaskCommand.RecordFailure(Failure(registered, ErrorCategory.Transient)), T0.AddSeconds(1));

        var (state, decision) = _f.Step(retrying, new TaskCommand.BreakerAnswered("pay-svc", Open(T0)), T0.AddSeconds(31));

        Assert.True(state.InDeadLetterQueue);
        Assert.Equal("refund", Assert.Single(Assert.Single(decision.Effects.OfType<TaskEffect.RunCompensations>()).Due).Name);
    }

    [Fact]
    public void A_task_taken_in_after_its_tool_was_isolated_here_is_held_and_looks_again()
    {
        var isolation = new IsolatedTool("echo", "critical failure", "t0", T0.AddMinutes(-1));
        var accepted = Accepted("echo", isolation);

        var (held, decision) = _f.Step(accepted, new TaskCommand.Gate(isolation), T0);

        Assert.Empty(held.Attempts);
        Assert.Equal(TaskStatus.WaitingForService, held.Status);
        Assert.IsType<TaskHeldByIsolation>(Assert.Single(decision.Events));
        Assert.Equal(TaskRules.IsolationRecheck, decision.Effects.OfType<TaskEffect.RecheckIsolation>().Single().In);
    }

    [Fact]
    public void A_task_taken_in_before_the_isolation_goes_on()
    {
        var accepted = Accepted("pay");

        var decision = _f.Decider.Decide(accepted, new TaskCommand.Gate(new IsolatedTool("pay", "critical failure", "t0", T0.AddSeconds(1))), T0.AddSeconds(2));

        Assert.IsType<TaskEffect.AskBreaker>(Assert.Single(decision.Effects));
    }

    [Fact]
    public void A_task_held_past_its_deadline_is_dead_lettered_with_the_commands_that_release_it()
    {
        var isolation = new IsolatedTool("echo", "critical failure", "t0", T0.AddMinutes(-1));
        var accepted = Accepted("echo", isolation, deadlineSeconds: 5);

        var (state, _) = _f.Step(accepted, new TaskCommand.Gate(isolation), T0.AddSeconds(5));

        Assert.True(state.InDeadLetterQueue);
        Assert.Equal((ErrorCategory.Critical, "isolation.deadline"), (state.LastError!.Category, state.LastError.Rule));
        Assert.Contains("ftr tools enable echo", state.LastError.Advice);
        Assert.Contains("ftr dlq requeue t1", state.LastError.Advice);
    }
}
