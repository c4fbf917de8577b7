using FaultTolerantRunner.Tasks;
using static FaultTolerantRunner.Tests.Tasks.Decisions.DecisionFixture;
using TaskStatus = FaultTolerantRunner.Tasks.TaskStatus;

namespace FaultTolerantRunner.Tests.Tasks.Decisions;

/// <summary>Delayed tasks (runAt / delaySeconds) on a fixed clock: Scheduled until due, then the first attempt; cancellable meanwhile.</summary>
public sealed class DelayDecisionSpecs
{
    private static readonly DateTimeOffset Due = T0.AddSeconds(30);
    private readonly DecisionFixture _f = new();

    private (TaskState State, TaskDecision Decision) Submit(DateTimeOffset? runAt, SlotAnswer? slot = null) =>
        _f.Step(TaskState.Empty("t1"), new TaskCommand.Submit("t1", new TaskSpec("echo", "{}", null, null, RunAt: runAt), null, slot), T0);

    [Fact]
    public void A_task_due_later_is_accepted_alone_as_scheduled_with_its_due_time_as_next_attempt()
    {
        var (state, decision) = Submit(Due, new SlotAnswer(Granted: false, "node at its limit"));

        Assert.IsType<TaskAccepted>(Assert.Single(decision.Events));
        Assert.Equal([typeof(TaskEffect.StartAttempts)], decision.Effects.Select(e => e.GetType()));
        Assert.Equal(TaskStatus.Scheduled, Assert.IsType<TaskProtocol.TaskSubmitted>(decision.Reply).Task.Status);
        Assert.Equal((TaskStatus.Scheduled, (DateTimeOffset?)Due), (state.Status, state.NextAttemptAt));
        Assert.Contains("scheduled for", state.History.Single().Detail);
    }

    [Fact]
    public void Its_first_attempt_starts_at_the_due_time_and_not_before()
    {
        var (scheduled, _) = Submit(Due);

        var early = _f.Decider.Decide(scheduled, new TaskCommand.Gate(null), Due.AddMilliseconds(-1));
        var (running, onTime) = _f.Step(scheduled, new TaskCommand.Gate(null), Due);

        Assert.Empty(early.Events);
        Assert.Empty(early.Effects);
        var started = Assert.IsType<AttemptStarted>(Assert.Single(onTime.Events));
        Assert.Equal((1, Due), (started.Attempt, started.At));
        Assert.Equal((TaskStatus.Running, (DateTimeOffset?)null), (running.Status, running.NextAttemptAt));
    }

    [Fact]
    public void A_due_time_not_after_acceptance_runs_at_once_in_the_same_write()
    {
        var (past, decision) = Submit(T0.AddSeconds(-5));
        var (now, _) = Submit(T0);

        Assert.Equal([typeof(TaskAccepted), typeof(AttemptStarted)], decision.Events.Select(e => e.GetType()));
        Assert.Equal(TaskStatus.Running, past.Status);
        Assert.Equal(TaskStatus.Running, now.Status);
    }

    [Fact]
    public void A_scheduled_task_can_be_cancelled_and_then_never_starts()
    {
        var (scheduled, _) = Submit(Due);

        var (cancelled, decision) = _f.Step(scheduled, new TaskCommand.Cancel("not needed"), T0.AddSeconds(1));
        var late = _f.Decider.Decide(cancelled, new TaskCommand.Gate(null), Due);

        Assert.True(Assert.IsType<TaskProtocol.CancelResult>(decision.Reply).Cancelled);
        Assert.Equal((TaskStatus.Cancelled, (DateTimeOffset?)null), (cancelled.Status, cancelled.NextAttemptAt));
        Assert.Empty(cancelled.Attempts);
        Assert.DoesNotContain(late.Events, e => e is AttemptStarted);
    }

    [Fact]
    public void After_a_restart_the_journaled_due_time_still_decides()
    {
        var (scheduled, _) = Submit(Due);
        // As recovery rebuilds it from the journal.
        var replayed = TaskState.Empty("t1").Apply(new TaskAccepted("t1", scheduled.Spec!, T0));

        var resumed = _f.Decider.Decide(replayed, TaskCommand.ResumeAttempts.Instance, T0.AddSeconds(10));

        Assert.Equal((TaskStatus.Scheduled, (DateTimeOffset?)Due), (replayed.Status, replayed.NextAttemptAt));
        Assert.Equal([typeof(TaskEffect.StartAttempts)], resumed.Effects.Select(e => e.GetType()));
        Assert.Empty(_f.Decider.Decide(replayed, new TaskCommand.Gate(null), T0.AddSeconds(10)).Events);
    }
}
