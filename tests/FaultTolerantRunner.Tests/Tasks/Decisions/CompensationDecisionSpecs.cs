using FaultTolerantRunner.DeadLetters;
using FaultTolerantRunner.Tasks;
using FaultTolerantRunner.Taxonomy;
using FaultTolerantRunner.Tools;
using static FaultTolerantRunner.Tests.Tasks.Decisions.DecisionFixture;
using TaskStatus = FaultTolerantRunner.Tasks.TaskStatus;

namespace FaultTolerantRunner.Tests.Tasks.Decisions;

/// <summary>Compensations: journaled when registered, run when the task ends without success, each outcome journaled once.</summary>
public sealed class CompensationDecisionSpecs
{
    private readonly DecisionFixture _f = new();

    private TaskState Register(TaskState state, string name, CompensationScope scope = CompensationScope.Task) =>
        _f.Step(state, new TaskCommand.RegisterCompensation(new CompensationProtocol.Register(state.OpenAttempt!.Number, "echo", name, $"{{\"n\":\"{name}\"}}", scope)), T0).State;

    [Fact]
    public void A_registration_of_the_open_attempt_is_journaled_before_the_attempt_is_answered_with_its_number()
    {
        var decision = _f.Decider.Decide(_f.Running(), new TaskCommand.RegisterCompensation(new CompensationProtocol.Register(1, "echo", "refund", "order-7", CompensationScope.Task)), T0);

        var registered = Assert.IsType<CompensationRegistered>(Assert.Single(decision.Events));
        Assert.Equal((1, 1, "refund", "order-7"), (registered.Number, registered.Attempt, registered.Name, registered.Data));
        Assert.Equal(new CompensationProtocol.Registered(1), decision.Reply);
    }

    [Fact]
    public void A_registration_of_an_attempt_that_is_no_longer_open_is_refused_and_journals_nothing()
    {
        var decision = _f.Decider.Decide(_f.Running(), new TaskCommand.RegisterCompensation(new CompensationProtocol.Register(7, "echo", "refund", null, CompensationScope.Task)), T0);

        Assert.Empty(decision.Events);
        Assert.Contains("attempt 7", Assert.IsType<CompensationProtocol.Refused>(decision.Reply).Reason);
    }

    [Fact]
    public void Registrations_of_a_retried_attempt_stay_with_the_task_and_all_run_newest_first_when_it_is_dead_lettered()
    {
        var state = Register(Register(_f.Running(maxRetries: 1), "reserve"), "charge");
        (state, _) = _f.FailAndRetry(state, ErrorCategory.Transient, T0.AddSeconds(1));
        state = Register(state, "ship");

        var (ended, decision) = _f.Step(state, new TaskCommand.RecordFailure(Failure(state, ErrorCategory.Transient)), T0.AddSeconds(5));

        Assert.Equal(TaskStatus.DeadLettered, ended.Status);
        var run = Assert.Single(decision.Effects.OfType<TaskEffect.RunCompensations>());
        Assert.Equal(["ship", "charge", "reserve"], run.Due.Select(c => c.Name));
        Assert.Equal([2, 1, 1], run.Due.Select(c => c.Attempt));
    }

    [Fact]
    public void Cancelling_a_task_runs_its_compensations()
    {
        var (cancelled, decision) = _f.Step(Register(_f.Running(), "refund"), new TaskCommand.Cancel("operator"), T0);

        Assert.Equal(TaskStatus.Cancelled, cancelled.Status);
        Assert.Equal("refund", Assert.Single(Assert.Single(decision.Effects.OfType<TaskEffect.RunCompensations>()).Due).Name);
    }

    [Fact]
    public void A_successful_retry_drops_the_task_scoped_compensations_but_runs_the_failed_attempts_own()
    {
        var state = Register(Register(_f.Running(), "refund"), "release-hold", CompensationScope.Attempt);
        (state, _) = _f.FailAndRetry(state, ErrorCategory.Transient, T0.AddSeconds(1));
        state = Register(state, "release-hold", CompensationScope.Attempt);

        var (succeeded, decision) = _f.Step(state, new TaskCommand.RecordSuccess(new AttemptProtocol.Succeeded(2, "{}", TimeSpan.FromMilliseconds(5), 0)), T0.AddSeconds(3));

        var due = Assert.Single(Assert.Single(decision.Effects.OfType<TaskEffect.RunCompensations>()).Due);
        Assert.Equal(("release-hold", 1), (due.Name, due.Attempt));
        Assert.Equal(["dropped", "pending", "dropped"], succeeded.Compensations!.Select(c => TaskCompensations.StatusOf(succeeded, c)));
    }

    [Fact]
    public void A_task_without_compensations_ends_without_running_any()
    {
        var (_, decision) = _f.Step(_f.Running(), new TaskCommand.Cancel("operator"), T0);

        Assert.DoesNotContain(decision.Effects, e => e is TaskEffect.RunCompensations);
    }

    [Fact]
    public void Each_outcome_is_journaled_once_and_a_restart_runs_only_the_ones_without_an_outcome()
    {
        var (cancelled, _) = _f.Step(Register(Register(_f.Running(), "reserve"), "charge"), new TaskCommand.Cancel("operator"), T0);

        var (once, first) = _f.Step(cancelled, new TaskCommand.RecordCompensation(new CompensationProtocol.Ran(2, false, "HttpRequestException: 503", 5)), T0.AddSeconds(1));
        var (_, again) = _f.Step(once, new TaskCommand.RecordCompensation(new CompensationProtocol.Ran(2, true, null, 1)), T0.AddSeconds(2));
        var resumed = _f.Decider.Decide(once, TaskCommand.ResumeCompensations.Instance, T0.AddSeconds(3));

        var ran = Assert.IsType<CompensationRan>(Assert.Single(first.Events));
        Assert.Equal((2, "charge", false, 5), (ran.Number, ran.Name, ran.Succeeded, ran.Tries));
        Assert.Contains(first.Effects, e => e is TaskEffect.Log { Warning: true });
        Assert.Empty(again.Events);
        Assert.Equal("reserve", Assert.Single(resumed.Effects.OfType<TaskEffect.RunCompensations>().Single().Due).Name);
        Assert.Equal(("failed", "HttpRequestException: 503"), (once.Compensations![1].Outcome, once.Compensations[1].Error));
    }

    [Fact]
    public void A_finished_task_with_every_compensation_run_resumes_nothing()
    {
        var (cancelled, _) = _f.Step(Register(_f.Running(), "refund"), new TaskCommand.Cancel("operator"), T0);
        var (done, _) = _f.Step(cancelled, new TaskCommand.RecordCompensation(new CompensationProtocol.Ran(1, true, null, 1)), T0);

        Assert.Same(TaskDecision.Nothing, _f.Decider.Decide(done, TaskCommand.ResumeCompensations.Instance, T0));
        Assert.Equal("succeeded", TaskCompensations.StatusOf(done, done.Compensations![0]));
    }

    [Fact]
    public void A_requeue_waits_until_the_compensations_due_have_run()
    {
        var state = Register(_f.Running(maxRetries: 0), "refund");
        var (dead, _) = _f.Step(state, new TaskCommand.RecordFailure(Failure(state, ErrorCategory.Permanent)), T0);

        var (_, early) = _f.Step(dead, new TaskCommand.Requeue("fixed", AttemptsRunning: false), T0);
        var (compensated, _) = _f.Step(dead, new TaskCommand.RecordCompensation(new CompensationProtocol.Ran(1, true, null, 1)), T0);
        var (_, later) = _f.Step(compensated, new TaskCommand.Requeue("fixed", AttemptsRunning: false), T0);

        Assert.False(Assert.IsType<DlqProtocol.DlqResult>(early.Reply).Done);
        Assert.True(Assert.IsType<DlqProtocol.DlqResult>(later.Reply).Done);
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("-leading-dash")]
    public void A_name_that_is_not_a_label_is_refused_with_a_clear_error(string name)
    {
        var error = Assert.Throws<ArgumentException>(() => CompensationRules.Validate(name, null));
        Assert.Contains("is not a label", error.Message);
    }

    [Fact]
    public void Data_too_large_to_journal_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => CompensationRules.Validate("refund", new string('x', CompensationRules.MaxDataLength + 1)));
        Assert.Contains("journal a key", error.Message);
    }

    [Fact]
    public void The_task_index_lists_an_ended_task_for_the_resume_sweep_until_its_compensations_have_run()
    {
        var registered = new CompensationRegistered(1, 1, "echo", "refund", null, CompensationScope.Task, T0);
        var summary = new ITaskEvent[] { new TaskAccepted("t1", new TaskSpec("echo", "{}", null, null), T0), registered, new TaskCancelled("operator", T0) }
            .Aggregate((TaskSummary?)null, (s, e) => TaskSummary.Apply(s, "t1", e))!;

        var ran = TaskSummary.Apply(summary, "t1", new CompensationRan("refund", true, null, T0, Number: 1))!;

        Assert.True(summary.NeedsResuming);
        Assert.False(ran.NeedsResuming);
    }
}
