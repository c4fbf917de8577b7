using FaultTolerantRunner.Tasks;
using FaultTolerantRunner.Taxonomy;
using static FaultTolerantRunner.Tests.Tasks.Decisions.DecisionFixture;
using TaskStatus = FaultTolerantRunner.Tasks.TaskStatus;

namespace FaultTolerantRunner.Tests.Tasks.Decisions;

/// <summary>Progress and checkpoints: journaled for the open attempt only, kept out of the timeline, handed to the next attempt.</summary>
public sealed class ProgressDecisionSpecs
{
    private readonly DecisionFixture _f = new();

    private (TaskState State, TaskDecision Decision) Report(TaskState state, int attempt, double percent, string? checkpoint, int second = 1) =>
        _f.Step(state, new TaskCommand.RecordProgress(new AttemptProtocol.Progress(attempt, percent, $"at {percent}%", checkpoint)), T0.AddSeconds(second));

    private static AttemptProtocol.Go GoOf(TaskDecision decision) =>
        Assert.Single(decision.Effects.OfType<TaskEffect.RunAttempt>()).Go;

    [Fact]
    public void The_open_attempts_progress_is_journaled_and_shown_but_not_added_to_the_history()
    {
        var running = _f.Running();

        var (state, decision) = Report(running, 1, 40, """{"next":4}""");

        var reported = Assert.IsType<ProgressReported>(Assert.Single(decision.Events));
        Assert.Equal((1, 40.0, "at 40%", """{"next":4}""", T0.AddSeconds(1)), (reported.Attempt, reported.Percent, reported.Message, reported.Checkpoint, reported.At));
        Assert.Equal(new TaskProgress(40, "at 40%", T0.AddSeconds(1), 1), state.Progress);
        Assert.Equal("""{"next":4}""", state.Checkpoint);
        Assert.Equal((TaskStatus.Running, running.History.Count), (state.Status, state.History.Count));
        Assert.Empty(decision.Effects);
    }

    [Fact]
    public void A_report_without_a_checkpoint_keeps_the_last_one()
    {
        var (first, _) = Report(_f.Running(), 1, 10, """{"next":1}""");

        var (second, _) = Report(first, 1, 20, checkpoint: null, second: 2);

        Assert.Equal(20, second.Progress!.Percent);
        Assert.Equal("""{"next":1}""", second.Checkpoint);
    }

    [Fact]
    public void A_stale_attempts_report_and_one_after_the_end_change_nothing()
    {
        var running = _f.Running();
        var (retrying, _) = _f.FailAndRetry(running, ErrorCategory.Transient, T0.AddSeconds(1));
        var (succeeded, _) = _f.Step(running, new TaskCommand.RecordSuccess(new AttemptProtocol.Succeeded(1, "{}", TimeSpan.FromSeconds(1), 0)), T0.AddSeconds(1));

        Assert.Equal(2, retrying.OpenAttempt!.Number);
        Assert.Empty(Report(retrying, 1, 50, "old").Decision.Events);
        Assert.Empty(Report(succeeded, 1, 50, "late").Decision.Events);
    }

    [Fact]
    public void The_first_attempt_has_no_checkpoint_and_the_next_after_a_failure_gets_the_last()
    {
        var running = _f.Running();
        var (first, _) = _f.Step(TaskState.Empty("t1"), new TaskCommand.Submit("t1", new TaskSpec("echo", "{}", null, null), null), T0);
        var (checkpointed, _) = Report(running, 1, 30, "c1");
        var (later, _) = Report(checkpointed, 1, 60, "c2", second: 3);

        var (failed, _) = _f.Step(later, new TaskCommand.RecordFailure(Failure(later, ErrorCategory.Transient)), T0.AddSeconds(4));
        var retried = _f.Decider.Decide(failed, new TaskCommand.Gate(null), failed.NextAttemptAt!.Value);

        Assert.Null(first.Checkpoint);
        Assert.Equal((2, "c2"), (GoOf(retried).Attempt, GoOf(retried).Checkpoint));
    }

    [Fact]
    public void An_interrupted_attempts_checkpoint_goes_to_the_attempt_that_runs_again()
    {
        var (checkpointed, _) = Report(_f.Running(), 1, 30, "c1");

        var (interrupted, _) = _f.Step(checkpointed, new TaskCommand.Interrupt(1, "node died"), T0.AddSeconds(2));
        var again = _f.Decider.Decide(interrupted, new TaskCommand.Gate(null), interrupted.NextAttemptAt ?? T0.AddSeconds(2));

        Assert.Equal("c1", GoOf(again).Checkpoint);
    }

    [Fact]
    public void A_requeue_keeps_the_checkpoint_for_the_first_attempt_after_it()
    {
        var (checkpointed, _) = Report(_f.Running(), 1, 70, "c7");
        var (dead, _) = _f.Step(checkpointed, new TaskCommand.RecordFailure(Failure(checkpointed, ErrorCategory.Permanent)), T0.AddSeconds(2));

        var (requeued, _) = _f.Step(dead, new TaskCommand.Requeue("fixed", AttemptsRunning: false), T0.AddSeconds(3));
        var next = _f.Decider.Decide(requeued, new TaskCommand.Gate(null), T0.AddSeconds(3));

        Assert.True(dead.InDeadLetterQueue);
        Assert.Equal("c7", requeued.Checkpoint);
        Assert.Equal("c7", GoOf(next).Checkpoint);
    }

    [Fact]
    public void A_replayed_journal_rebuilds_the_progress_and_the_checkpoint()
    {
        var (state, decision) = Report(_f.Running(), 1, 25, "c");
        var replayed = _f.Running().Apply(decision.Events.Single());

        Assert.Equal((state.Progress, state.Checkpoint), (replayed.Progress, replayed.Checkpoint));
    }

    [Fact]
    public void A_fallback_attempt_does_not_get_the_primary_tools_checkpoint_and_a_new_attempt_starts_without_progress()
    {
        var (checkpointed, _) = Report(_f.Running(), 1, 30, "primary-format");
        var (retrying, _) = _f.Step(checkpointed, new TaskCommand.RecordFailure(Failure(checkpointed, ErrorCategory.Transient)), T0.AddSeconds(2));
        var withFallback = retrying.Apply(new FallbackChosen("sleep", "echo's budget is spent", T0.AddSeconds(3)));

        var fallback = _f.Decider.Decide(withFallback, new TaskCommand.Gate(null), retrying.NextAttemptAt!.Value);
        var own = _f.Decider.Decide(retrying, new TaskCommand.Gate(null), retrying.NextAttemptAt!.Value);

        Assert.Equal(("sleep", null), (GoOf(fallback).Spec.Tool, GoOf(fallback).Checkpoint));
        Assert.Equal("primary-format", GoOf(own).Checkpoint);
        var restarted = fallback.Events.Aggregate(withFallback, (s, e) => s.Apply(e));
        Assert.Equal((2, null), (restarted.OpenAttempt!.Number, restarted.Progress));
    }
}
