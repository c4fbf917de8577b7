using FaultTolerantRunner.Supervision;
using FaultTolerantRunner.Tasks;
using FaultTolerantRunner.Taxonomy;
using static FaultTolerantRunner.Tests.Tasks.Decisions.DecisionFixture;
using TaskStatus = FaultTolerantRunner.Tasks.TaskStatus;

namespace FaultTolerantRunner.Tests.Tasks.Decisions;

/// <summary>Waiting for an attempt slot and for a resource, decided without an actor system: no attempt is consumed by waiting.</summary>
public sealed class SlotDecisionSpecs
{
    private static readonly SlotAnswer Full = new(false, "all 2 attempt slots of this node are taken");

    private readonly DecisionFixture _f = new();

    private TaskState Submitted(SlotAnswer slot) =>
        _f.Step(TaskState.Empty("t1"), new TaskCommand.Submit("t1", new TaskSpec("echo", "{}", null, null), null, slot), T0).State;

    [Fact]
    public void A_task_accepted_without_a_free_slot_waits_for_one_with_no_attempt_journaled()
    {
        var decision = _f.Decider.Decide(TaskState.Empty("t1"), new TaskCommand.Submit("t1", new TaskSpec("echo", "{}", null, null), null, Full), T0);
        var state = decision.Events.Aggregate(TaskState.Empty("t1"), (s, e) => s.Apply(e));

        Assert.Equal([typeof(TaskAccepted), typeof(TaskWaitingForResource)], decision.Events.Select(e => e.GetType()));
        Assert.True(Assert.IsType<TaskProtocol.TaskSubmitted>(decision.Reply).Created);
        Assert.Empty(decision.Effects.OfType<TaskEffect.RunAttempt>());
        Assert.Contains(decision.Effects, e => e is TaskEffect.StartAttempts);
        Assert.Equal(TaskStatus.WaitingForResource, state.Status);
        Assert.Empty(state.Attempts);
        Assert.Equal("waiting-for-resource", state.History[^1].Event);
        Assert.Contains("attempt slots", state.History[^1].Detail);
    }

    [Fact]
    public void Asking_again_without_a_slot_journals_nothing_and_a_granted_slot_starts_attempt_one()
    {
        var waiting = Submitted(Full);

        var again = _f.Decider.Decide(waiting, new TaskCommand.Gate(null, Full), T0.AddSeconds(3));
        var (started, decision) = _f.Step(waiting, new TaskCommand.Gate(null, SlotAnswer.Free), T0.AddSeconds(6));

        Assert.Same(TaskDecision.Nothing, again);
        Assert.Equal(TaskStatus.Running, started.Status);
        Assert.Equal(1, Assert.IsType<AttemptStarted>(Assert.Single(decision.Events)).Attempt);
        Assert.Equal(1, decision.Effects.OfType<TaskEffect.RunAttempt>().Single().Go.Attempt);
        Assert.DoesNotContain(started.Attempts, a => a.Outcome == "failed");
    }

    [Fact]
    public void A_gate_while_an_attempt_is_open_starts_no_second_one()
    {
        var running = _f.Running();

        var decision = _f.Decider.Decide(running, new TaskCommand.Gate(null, SlotAnswer.Free), T0.AddSeconds(1));

        Assert.Same(TaskDecision.Nothing, decision);
    }

    [Fact]
    public void A_resource_failure_waits_for_the_resource_at_most_Retry_resource_MaxWait_then_retries_counting_that_failure()
    {
        var policies = new Dictionary<ErrorCategory, RetryPolicy>(RetryPolicies.Defaults)
        {
            [ErrorCategory.Resource] = RetryPolicies.Defaults[ErrorCategory.Resource] with { BaseDelay = TimeSpan.FromMinutes(2), MaxDelay = TimeSpan.FromMinutes(5), MaxWait = TimeSpan.FromSeconds(30) },
        };
        var f = new DecisionFixture(retry: new RetryPolicies(policies));
        var running = f.Running();

        var (waiting, decision) = f.Step(running, new TaskCommand.RecordFailure(Failure(running, ErrorCategory.Resource, "No space left on device")), T0.AddSeconds(1));

        Assert.Equal([typeof(AttemptFailed), typeof(TaskWaitingForResource)], decision.Events.Select(e => e.GetType()));
        Assert.Equal(TaskStatus.WaitingForResource, waiting.Status);
        Assert.Equal(T0.AddSeconds(31), waiting.NextAttemptAt); // the 2-minute backoff capped by MaxWait
        Assert.Equal(T0.AddSeconds(31), ((TaskWaitingForResource)decision.Events[1]).Until);
        Assert.True(decision.Effects.OfType<TaskEffect.SendVerdict>().Single().Verdict.Retry);
        var (retried, _) = f.Step(waiting, new TaskCommand.Gate(null, SlotAnswer.Free), T0.AddSeconds(5)); // woken early: a slot of the tool was freed
        Assert.Equal(2, retried.OpenAttempt!.Number);
    }

    [Fact]
    public void Other_failures_keep_their_backoff_and_do_not_wait_for_a_resource()
    {
        var running = _f.Running();

        var (retrying, decision) = _f.Step(running, new TaskCommand.RecordFailure(Failure(running, ErrorCategory.Transient)), T0.AddSeconds(1));

        Assert.IsType<AttemptFailed>(Assert.Single(decision.Events));
        Assert.Equal(TaskStatus.RetryScheduled, retrying.Status);
    }
}
