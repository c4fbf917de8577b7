using FaultTolerantRunner.Tasks;
using static FaultTolerantRunner.Tests.Tasks.Decisions.DecisionFixture;
using TaskStatus = FaultTolerantRunner.Tasks.TaskStatus;

namespace FaultTolerantRunner.Tests.Tasks.Decisions;

/// <summary>Continuations (after / afterCondition) on a fixed clock: Awaiting until every predecessor arrived, then the normal way.</summary>
public sealed class AfterDecisionSpecs
{
    private const string A = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    private const string B = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
    private readonly DecisionFixture _f = new();

    private (TaskState State, TaskDecision Decision) Submit(AfterCondition? condition = null, DateTimeOffset? runAt = null) =>
        _f.Step(TaskState.Empty("t1"), new TaskCommand.Submit("t1", new TaskSpec("echo", "{}", null, null, RunAt: runAt, After: [A, B], AfterCondition: condition), null,
            new SlotAnswer(Granted: true, null)), T0);

    private (TaskState State, TaskDecision Decision) Arrive(TaskState state, string id, TaskStatus? status, int second = 1) =>
        _f.Step(state, new TaskCommand.PredecessorArrived(id, status), T0.AddSeconds(second));

    [Fact]
    public void A_task_with_after_is_accepted_alone_as_awaiting_and_asks_every_predecessor()
    {
        var (state, decision) = Submit();

        Assert.IsType<TaskAccepted>(Assert.Single(decision.Events));
        Assert.Equal(TaskStatus.Awaiting, Assert.IsType<TaskProtocol.TaskSubmitted>(decision.Reply).Task.Status);
        Assert.Equal([A, B], Assert.IsType<TaskEffect.AwaitPredecessors>(Assert.Single(decision.Effects)).Predecessors);
        Assert.Equal((TaskStatus.Awaiting, (DateTimeOffset?)null), (state.Status, state.NextAttemptAt));
        Assert.Equal([A, B], state.PendingPredecessors);
    }

    [Fact]
    public void One_of_two_arriving_is_journaled_and_the_task_stays_awaiting()
    {
        var (awaiting, _) = Submit();

        var (state, decision) = Arrive(awaiting, A, TaskStatus.Succeeded);

        var reached = Assert.IsType<PredecessorReached>(Assert.Single(decision.Events));
        Assert.Equal((A, TaskStatus.Succeeded), (reached.Predecessor, reached.Status));
        Assert.Empty(decision.Effects);
        Assert.Equal(TaskStatus.Awaiting, state.Status);
        Assert.Equal([B], state.PendingPredecessors);
    }

    [Fact]
    public void The_last_arriving_releases_the_task_and_its_first_attempt_goes_through_the_gates()
    {
        var (awaiting, _) = Submit();
        var (one, _) = Arrive(awaiting, A, TaskStatus.Succeeded);

        var (released, decision) = Arrive(one, B, TaskStatus.Degraded, second: 2);
        var early = _f.Decider.Decide(awaiting, new TaskCommand.Gate(null), T0.AddSeconds(1));
        var (running, gate) = _f.Step(released, new TaskCommand.Gate(null), T0.AddSeconds(2));

        Assert.Empty(early.Events); // no attempt while awaiting, whatever opens the gate
        Assert.Equal([typeof(PredecessorReached), typeof(TaskReleased)], decision.Events.Select(e => e.GetType()));
        Assert.Contains(decision.Effects, e => e is TaskEffect.StartAttempts);
        Assert.Equal(TaskStatus.Accepted, released.Status);
        Assert.Equal((1, T0.AddSeconds(2)), (Assert.IsType<AttemptStarted>(Assert.Single(gate.Events)).Attempt, running.Attempts[0].StartedAt));
    }

    [Fact]
    public void Time_spent_awaiting_does_not_count_as_waiting_to_run()
    {
        var (awaiting, _) = Submit();
        var (one, _) = Arrive(awaiting, A, TaskStatus.Succeeded);

        var (released, _) = Arrive(one, B, TaskStatus.Succeeded, second: 3_600);

        // Its wait deadline and its place in the slot queue count from the release, not from the acceptance an hour earlier.
        Assert.Equal((T0, T0.AddSeconds(3_600)), (awaiting.TakenInAt, released.TakenInAt));
        Assert.Equal(T0.AddSeconds(3_600) + _f.Decider.Rules.Options.MaxServiceWait, _f.Decider.Rules.WaitDeadline(released));
    }

    [Fact]
    public void Released_before_its_run_at_it_is_scheduled_for_it()
    {
        var due = T0.AddMinutes(5);
        var (awaiting, _) = Submit(runAt: due);
        var (one, _) = Arrive(awaiting, A, TaskStatus.Succeeded);

        var (released, decision) = Arrive(one, B, TaskStatus.Succeeded, second: 2);

        Assert.Equal(due, Assert.IsType<TaskReleased>(decision.Events[^1]).RunAt);
        Assert.Equal((TaskStatus.Scheduled, (DateTimeOffset?)due), (released.Status, released.NextAttemptAt));
        Assert.Empty(_f.Decider.Decide(released, new TaskCommand.Gate(null), due.AddSeconds(-1)).Events);
    }

    [Fact]
    public void A_failed_predecessor_under_succeeded_cancels_the_task_naming_it_and_its_state()
    {
        var (awaiting, _) = Submit();

        var (state, decision) = Arrive(awaiting, B, TaskStatus.DeadLettered);

        var cancelled = Assert.IsType<TaskCancelled>(Assert.Single(decision.Events));
        Assert.Contains(B, cancelled.Reason);
        Assert.Contains("DeadLettered", cancelled.Reason);
        Assert.Null(decision.Reply); // the predecessor's notice wants no answer
        Assert.Contains(decision.Effects, e => e is TaskEffect.Completed);
        Assert.Equal(TaskStatus.Cancelled, state.Status);
    }

    [Fact]
    public void Under_finished_every_terminal_state_counts()
    {
        var (awaiting, _) = Submit(AfterCondition.Finished);
        var (one, _) = Arrive(awaiting, A, TaskStatus.Failed);

        var (released, _) = Arrive(one, B, TaskStatus.Cancelled, second: 2);

        Assert.Equal(TaskStatus.Accepted, released.Status);
        Assert.Equal(["accepted", "predecessor-reached", "predecessor-reached", "released"], released.History.Select(h => h.Event));
    }

    [Fact]
    public void A_predecessor_that_does_not_exist_cancels_the_task()
    {
        var (awaiting, _) = Submit(AfterCondition.Finished);

        var (state, decision) = Arrive(awaiting, A, null);

        Assert.Contains($"predecessor {A} does not exist", Assert.IsType<TaskCancelled>(Assert.Single(decision.Events)).Reason);
        Assert.Equal(TaskStatus.Cancelled, state.Status);
    }

    [Fact]
    public void A_duplicate_arrival_and_an_unknown_predecessor_are_ignored()
    {
        var (awaiting, _) = Submit();
        var (one, _) = Arrive(awaiting, A, TaskStatus.Succeeded);

        Assert.Same(TaskDecision.Nothing, _f.Decider.Decide(one, new TaskCommand.PredecessorArrived(A, TaskStatus.Succeeded), T0.AddSeconds(2)));
        Assert.Same(TaskDecision.Nothing, _f.Decider.Decide(one, new TaskCommand.PredecessorArrived("cccccccccccccccccccccccccccccccc", TaskStatus.Failed), T0.AddSeconds(2)));
    }

    [Fact]
    public void An_arrival_after_the_task_was_cancelled_or_released_changes_nothing()
    {
        var (awaiting, _) = Submit();
        var (cancelled, _) = _f.Step(awaiting, new TaskCommand.Cancel("not needed"), T0.AddSeconds(1));
        var (one, _) = Arrive(awaiting, A, TaskStatus.Succeeded);
        var (released, _) = Arrive(one, B, TaskStatus.Succeeded, second: 2);

        Assert.Equal(TaskStatus.Cancelled, cancelled.Status);
        Assert.Same(TaskDecision.Nothing, _f.Decider.Decide(cancelled, new TaskCommand.PredecessorArrived(A, TaskStatus.Failed), T0.AddSeconds(2)));
        // A predecessor requeued from the dead-letter queue and ended again after the release: nothing changes.
        Assert.Same(TaskDecision.Nothing, _f.Decider.Decide(released, new TaskCommand.PredecessorArrived(B, TaskStatus.DeadLettered), T0.AddSeconds(3)));
    }

    [Fact]
    public void A_restarted_or_rechecked_awaiting_task_asks_only_the_predecessors_still_pending()
    {
        var (awaiting, _) = Submit();
        var (one, _) = Arrive(awaiting, A, TaskStatus.Succeeded);

        var resumed = _f.Decider.Decide(one, TaskCommand.ResumeAttempts.Instance, T0.AddSeconds(2));
        var recheck = _f.Decider.Decide(one, TaskCommand.RecheckPredecessors.Instance, T0.AddSeconds(2));
        var (released, _) = Arrive(one, B, TaskStatus.Succeeded, second: 2);

        Assert.Equal([B], Assert.IsType<TaskEffect.AwaitPredecessors>(Assert.Single(resumed.Effects)).Predecessors);
        Assert.Equal([B], Assert.IsType<TaskEffect.AwaitPredecessors>(Assert.Single(recheck.Effects)).Predecessors);
        Assert.Same(TaskDecision.Nothing, _f.Decider.Decide(released, TaskCommand.RecheckPredecessors.Instance, T0.AddSeconds(3)));
    }

    [Fact]
    public void The_state_replays_from_events_alone_as_the_read_model_does()
    {
        var (awaiting, _) = Submit();
        var (one, _) = Arrive(awaiting, A, TaskStatus.Succeeded);
        var (released, _) = Arrive(one, B, TaskStatus.Succeeded, second: 2);

        var status = TaskStatus.Accepted;
        var replay = TaskState.Empty("t1");
        foreach (var e in new ITaskEvent[] { new TaskAccepted("t1", released.Spec!, T0), new PredecessorReached(A, TaskStatus.Succeeded, T0), new PredecessorReached(B, TaskStatus.Succeeded, T0), new TaskReleased(T0) })
        {
            status = TaskState.StatusAfter(status, e);
            replay = replay.Apply(e);
            if (e is not TaskReleased) Assert.Equal(TaskStatus.Awaiting, status);
        }
        Assert.Equal((TaskStatus.Accepted, TaskStatus.Accepted), (status, replay.Status));
        Assert.Empty(replay.PendingPredecessors);
    }
}
