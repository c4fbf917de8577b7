using FaultTolerantRunner.Supervision;
using FaultTolerantRunner.Tasks;
using FaultTolerantRunner.Taxonomy;
using static FaultTolerantRunner.Tests.Tasks.Decisions.DecisionFixture;
using TaskStatus = FaultTolerantRunner.Tasks.TaskStatus;
using FaultTolerantRunner.DeadLetters;

namespace FaultTolerantRunner.Tests.Tasks.Decisions;

/// <summary>Acceptance, cancel, requeue, purge and interruptions, decided without an actor system.</summary>
public sealed class LifecycleDecisionSpecs
{
    private readonly DecisionFixture _f = new();

    [Fact]
    public void A_task_with_no_gate_journals_its_first_attempt_with_its_acceptance_and_keeps_the_go_for_the_runner()
    {
        var decision = _f.Decider.Decide(TaskState.Empty("t1"), new TaskCommand.Submit("t1", new TaskSpec("echo", "{}", null, 5), null), T0);

        Assert.Equal([typeof(TaskAccepted), typeof(AttemptStarted)], decision.Events.Select(e => e.GetType()));
        var reply = Assert.IsType<TaskProtocol.TaskSubmitted>(decision.Reply);
        Assert.True(reply.Created);
        Assert.Equal(TaskStatus.Accepted, reply.Task.Status);
        var go = decision.Effects.OfType<TaskEffect.RunAttempt>().Single().Go;
        Assert.Equal((1, TimeSpan.FromSeconds(5)), (go.Attempt, go.Timeout));
    }

    [Fact]
    public void A_task_whose_tool_is_isolated_here_is_accepted_alone_so_its_first_attempt_passes_the_gate()
    {
        var isolation = new IsolatedTool("echo", "critical", "t0", T0);

        var decision = _f.Decider.Decide(TaskState.Empty("t1"), new TaskCommand.Submit("t1", new TaskSpec("echo", "{}", null, null), isolation), T0);

        Assert.IsType<TaskAccepted>(Assert.Single(decision.Events));
        Assert.Equal([typeof(TaskEffect.StartAttempts)], decision.Effects.Select(e => e.GetType()));
    }

    [Fact]
    public void Submitting_an_existing_task_again_returns_it_and_journals_nothing()
    {
        var running = _f.Running();

        var decision = _f.Decider.Decide(running, new TaskCommand.Submit("t1", running.Spec!, null), T0.AddSeconds(1));

        Assert.Empty(decision.Events);
        Assert.False(Assert.IsType<TaskProtocol.TaskSubmitted>(decision.Reply).Created);
    }

    [Fact]
    public void Cancelling_closes_the_open_attempt_and_stops_it_but_a_finished_task_cannot_be_cancelled()
    {
        var (cancelled, decision) = _f.Step(_f.Running(), new TaskCommand.Cancel("not needed"), T0.AddSeconds(1));
        var again = _f.Decider.Decide(cancelled, new TaskCommand.Cancel("again"), T0.AddSeconds(2));

        Assert.Equal(TaskStatus.Cancelled, cancelled.Status);
        Assert.Equal("cancelled", cancelled.Attempts[^1].Outcome);
        Assert.True(Assert.IsType<TaskProtocol.CancelResult>(decision.Reply).Cancelled);
        Assert.Equal([typeof(TaskEffect.StopAttempts), typeof(TaskEffect.Completed)], decision.Effects.Select(e => e.GetType()));
        Assert.False(Assert.IsType<TaskProtocol.CancelResult>(again.Reply).Cancelled);
        Assert.Empty(again.Events);
    }

    [Fact]
    public void Only_a_dead_lettered_task_whose_last_attempt_has_closed_can_be_requeued_or_purged()
    {
        var running = _f.Running();
        var (dead, _) = _f.Step(running, new TaskCommand.RecordFailure(Failure(running, ErrorCategory.Permanent)), T0);

        Assert.False(((DlqProtocol.DlqResult)_f.Decider.Decide(running, new TaskCommand.Requeue("r", false), T0).Reply!).Done);
        Assert.False(((DlqProtocol.DlqResult)_f.Decider.Decide(dead, new TaskCommand.Requeue("r", AttemptsRunning: true), T0).Reply!).Done);
        Assert.False(((DlqProtocol.DlqResult)_f.Decider.Decide(running, new TaskCommand.Purge("p"), T0).Reply!).Done);
        var (purged, purge) = _f.Step(dead, new TaskCommand.Purge("cleanup"), T0);
        Assert.True(((DlqProtocol.DlqResult)purge.Reply!).Done);
        Assert.False(purged.InDeadLetterQueue);
        Assert.False(((DlqProtocol.DlqResult)_f.Decider.Decide(purged, new TaskCommand.Requeue("r", false), T0).Reply!).Done);
    }

    [Fact]
    public void An_interrupted_attempt_runs_again_backed_off_like_a_transient_failure()
    {
        var (state, decision) = _f.Step(_f.Running(), new TaskCommand.Interrupt(1, "node died"), T0.AddSeconds(1));

        var interrupted = Assert.IsType<AttemptInterrupted>(Assert.Single(decision.Events));
        Assert.Equal(T0.AddSeconds(2), interrupted.RetryAt); // transient base 1 s
        Assert.Equal(("interrupted", TaskStatus.RetryScheduled), (state.Attempts[^1].Outcome, state.Status));
        Assert.Contains(decision.Effects, e => e is TaskEffect.StartAttempts);
    }

    [Fact]
    public void An_attempt_interrupted_too_often_in_a_row_dead_letters_the_task_as_critical()
    {
        var f = new DecisionFixture(new TaskOptions { MaxInterruptions = 2 });
        var (once, _) = f.Step(f.Running(), new TaskCommand.Interrupt(1, "runner crashed"), T0);
        var (second, _) = f.Step(once, new TaskCommand.Gate(null), once.NextAttemptAt!.Value);

        var (state, decision) = f.Step(second, new TaskCommand.Interrupt(2, "runner crashed"), T0.AddSeconds(5));

        Assert.True(state.InDeadLetterQueue);
        Assert.Equal((ErrorCategory.Critical, "ftr.repeated-interruption"), (state.LastError!.Category, state.LastError.Rule));
        Assert.Equal("attempt interrupted 2 times in a row: runner crashed", state.LastError.Message);
        Assert.Contains(decision.Effects, e => e is TaskEffect.Completed { Outcome: "dead-lettered" });
    }

    [Fact]
    public void A_late_interrupt_of_an_attempt_that_already_ended_decides_nothing()
    {
        var (succeeded, _) = _f.Step(_f.Running(), new TaskCommand.RecordSuccess(new AttemptProtocol.Succeeded(1, "{}", TimeSpan.FromMilliseconds(5), 0)), T0.AddSeconds(1));
        var (interrupted, _) = _f.Step(_f.Running(), new TaskCommand.Interrupt(1, "node died"), T0.AddSeconds(1));

        // A finished task is not dead-lettered or retried by a crash notice that arrives after its success.
        Assert.Empty(_f.Decider.Decide(succeeded, new TaskCommand.Interrupt(1, "runner crashed"), T0.AddSeconds(2)).Events);
        Assert.Equal(TaskStatus.Succeeded, succeeded.Status);
        // Nor is an attempt interrupted twice, or one that is not the open one.
        Assert.Empty(_f.Decider.Decide(interrupted, new TaskCommand.Interrupt(1, "runner crashed"), T0.AddSeconds(2)).Events);
        Assert.Empty(_f.Decider.Decide(_f.Running(), new TaskCommand.Interrupt(2, "runner crashed"), T0.AddSeconds(2)).Events);
    }
}
