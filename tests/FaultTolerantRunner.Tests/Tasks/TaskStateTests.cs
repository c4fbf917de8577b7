using FaultTolerantRunner.Tasks;
using FaultTolerantRunner.Tests.Support;
using TaskStatus = FaultTolerantRunner.Tasks.TaskStatus;
using FaultTolerantRunner.Taxonomy;

namespace FaultTolerantRunner.Tests.Tasks;

public sealed class TaskStateTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);
    private static readonly TaskError Error = new("System.IO.IOException", "No space left on device", ErrorCategory.Resource, Severity.High, "builtin.disk-full", null);

    [Fact]
    public void Each_event_moves_the_task_to_its_state_and_is_kept_in_the_history()
    {
        var state = Replay(
            new TaskAccepted("t", TestSystems.Spec("echo"), T0),
            new AttemptStarted(1, "n1", T0.AddSeconds(1)),
            new AttemptFailed(1, Error, 10, T0.AddSeconds(3), T0.AddSeconds(2)),
            new AttemptStarted(2, "n1", T0.AddSeconds(3)),
            new AttemptSucceeded(2, "{}", 5, T0.AddSeconds(4)));

        Assert.Equal(TaskStatus.Succeeded, state.Status);
        Assert.Equal(
            [TaskStatus.Accepted, TaskStatus.Running, TaskStatus.RetryScheduled, TaskStatus.Running, TaskStatus.Succeeded],
            state.History.Select(h => h.Status));
        Assert.Equal(["failed", "succeeded"], state.Attempts.Select(a => a.Outcome));
        Assert.Equal(Error, state.Attempts[0].Error);
        Assert.Equal(T0.AddSeconds(4), state.UpdatedAt);
    }

    [Fact]
    public void A_final_failure_without_retry_ends_failed_with_the_error()
    {
        var state = Replay(
            new TaskAccepted("t", TestSystems.Spec("echo"), T0),
            new AttemptStarted(1, "n1", T0),
            new AttemptFailed(1, Error, 10, null, T0),
            new TaskFailed(Error, T0));

        Assert.Equal(TaskStatus.Failed, state.Status);
        Assert.True(state.IsTerminal);
        Assert.Equal(Error, state.LastError);
    }

    [Fact]
    public void Cancelling_closes_the_open_attempt()
    {
        var state = Replay(
            new TaskAccepted("t", TestSystems.Spec("sleep"), T0),
            new AttemptStarted(1, "n1", T0),
            new TaskCancelled("operator", T0.AddSeconds(1)));

        Assert.Equal(TaskStatus.Cancelled, state.Status);
        Assert.Null(state.OpenAttempt);
        Assert.Equal("cancelled", state.Attempts[0].Outcome);
    }

    [Fact]
    public void The_index_summary_follows_the_same_transitions_as_the_entity()
    {
        ITaskEvent[] events =
        [
            new TaskAccepted("t", TestSystems.Spec("echo"), T0),
            new AttemptStarted(1, "n1", T0),
            new AttemptInterrupted(1, "node died", T0),
            new AttemptStarted(2, "n2", T0),
            new AttemptFailed(2, Error, 1, null, T0),
            new TaskFailed(Error, T0),
        ];
        var state = TaskState.Empty("t");
        TaskSummary? summary = null;
        foreach (var e in events)
        {
            state = state.Apply(e);
            summary = TaskSummary.Apply(summary, "t", e);
            Assert.Equal(state.Status, summary!.Status);
        }
        Assert.Equal(2, summary!.Attempts);
    }

    private static TaskState Replay(params ITaskEvent[] events) =>
        events.Aggregate(TaskState.Empty("t"), (state, e) => state.Apply(e));
}
