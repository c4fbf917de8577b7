using FaultTolerantRunner.Recovery;
using FaultTolerantRunner.Tasks;
using FaultTolerantRunner.Taxonomy;
using static FaultTolerantRunner.Tests.Tasks.Decisions.DecisionFixture;
using TaskStatus = FaultTolerantRunner.Tasks.TaskStatus;

namespace FaultTolerantRunner.Tests.Tasks.Decisions;

/// <summary>Recovery level 4 moves the next attempt to another member, or falls through to level 5 when there is none.</summary>
public sealed class RelocationDecisionSpecs
{
    private static readonly RelocationTarget.Member A = new("node-a", 0, new HashSet<string> { "worker" });
    private static readonly RelocationTarget.Member B = new("node-b", 1, new HashSet<string> { "worker" });
    private static readonly RelocationTarget.Member C = new("node-c", 2, new HashSet<string>());
    private readonly DecisionFixture _f = new(recovery: true);

    private static (TaskState State, TaskDecision Decision) Relocate(TaskState state, TaskDecider decider,
        IReadOnlyList<RelocationTarget.Member> members, DateTimeOffset at)
    {
        var failure = Failure(state, ErrorCategory.Transient);
        var ask = decider.Decide(state, new TaskCommand.RecordFailure(failure), at).Effects.OfType<TaskEffect.AskForPlan>().Single();
        var plan = Plan(failure.Error.Fingerprint!, 4, RecoveryStrategies.Relocate);
        var decision = decider.Decide(state, new TaskCommand.PlanArrived(failure, ask.Verdict, plan, members), at);
        return (decision.Events.Aggregate(state, (s, e) => s.Apply(e)), decision);
    }

    [Fact]
    public void Level_4_runs_the_next_attempt_on_the_oldest_other_member_with_its_level_recorded()
    {
        var (state, decision) = Relocate(_f.Running(), _f.Decider, [C, B, A], T0);

        Assert.Equal("node-b", ((RecoveryPlanned)decision.Events[1]).RelocateTo);
        Assert.Equal("failed on node-a; the next attempt runs on node-b", state.CurrentPlan!.Action);
        // The runner where it failed stops; the attempts start again on the target.
        Assert.Equal([typeof(TaskEffect.Log), typeof(TaskEffect.SendVerdict), typeof(TaskEffect.StopAttempts), typeof(TaskEffect.StartAttempts)],
            decision.Effects.Select(e => e.GetType()));
        Assert.Equal("node-b", state.AttemptsOn);

        var (next, _) = _f.Step(state, new TaskCommand.Gate(null), state.NextAttemptAt!.Value);
        Assert.Equal(("node-b", 4), (next.OpenAttempt!.Node, next.OpenAttempt.RecoveryLevel));
        Assert.Null(next.Attempts[0].RecoveryLevel); // the first attempt ran under no plan
    }

    [Fact]
    public void A_relocated_attempt_that_fails_at_level_4_again_moves_away_from_where_it_failed()
    {
        var (moved, _) = Relocate(_f.Running(), _f.Decider, [A, B], T0);
        var (onB, _) = _f.Step(moved, new TaskCommand.Gate(null), moved.NextAttemptAt!.Value);

        var (state, _) = Relocate(onB, _f.Decider, [A, B], onB.OpenAttempt!.StartedAt);

        Assert.Equal("node-a", state.AttemptsOn);
        Assert.Equal("failed on node-b; the next attempt runs on node-a", state.CurrentPlan!.Action);
    }

    [Fact]
    public void An_interrupted_relocated_attempt_brings_the_attempts_home()
    {
        var (moved, _) = Relocate(_f.Running(), _f.Decider, [A, B], T0);
        var (onB, _) = _f.Step(moved, new TaskCommand.Gate(null), moved.NextAttemptAt!.Value);

        var (interrupted, _) = _f.Step(onB, new TaskCommand.Interrupt(onB.OpenAttempt!.Number, "node-b died"), T0.AddSeconds(5));
        var (next, _) = _f.Step(interrupted, new TaskCommand.Gate(null), interrupted.NextAttemptAt!.Value);

        Assert.Null(interrupted.AttemptsOn);
        Assert.Equal("node-a", next.OpenAttempt!.Node);
    }

    [Fact]
    public void Relocated_attempts_whose_host_ended_between_attempts_come_home_journaled()
    {
        var (moved, _) = Relocate(_f.Running(), _f.Decider, [A, B], T0);

        var (home, decision) = _f.Step(moved, TaskCommand.ResumeAttempts.Instance, T0.AddSeconds(1));
        var (next, _) = _f.Step(home, new TaskCommand.Gate(null), home.NextAttemptAt!.Value);

        Assert.Equal("node-b", Assert.IsType<AttemptsCameHome>(Assert.Single(decision.Events)).From);
        Assert.Equal("attempts-home", home.History[^1].Event);
        Assert.Contains(decision.Effects, e => e is TaskEffect.StartAttempts);
        Assert.Equal(("node-a", 4), (next.OpenAttempt!.Node, next.OpenAttempt.RecoveryLevel));
    }

    [Fact]
    public void Attempts_that_were_never_relocated_just_start_again()
    {
        var (failed, _) = _f.Step(_f.Running(), new TaskCommand.Interrupt(1, "restart"), T0);

        var decision = _f.Decider.Decide(failed, TaskCommand.ResumeAttempts.Instance, T0);

        Assert.Empty(decision.Events);
        Assert.Equal([TaskEffect.StartAttempts.Instance], decision.Effects);
    }

    /// <summary>A running task that has been through <c>Recovery:DeadLetterAfterRecoveries</c> (4) recoveries of its fingerprint.</summary>
    private TaskState Veteran()
    {
        var running = _f.Running();
        var fingerprint = Failure(running, ErrorCategory.Transient).Error.Fingerprint!;
        return Enumerable.Range(1, 4).Aggregate(running, (s, level) => s.Apply(new RecoveryPlanned(fingerprint, Math.Min(level, 3), "backoff", "earlier", T0)));
    }

    [Fact]
    public void With_no_other_member_level_4_falls_through_to_level_5_with_a_clear_note()
    {
        var (state, decision) = Relocate(Veteran(), _f.Decider, [A], T0);

        Assert.Equal(TaskStatus.DeadLettered, state.Status);
        var reason = ((TaskDeadLettered)decision.Events[1]).Reason;
        Assert.Contains("no other Up member than node-a to move the attempt to", reason);
        Assert.Contains("falling through to level 5 (full escalation)", reason);
        Assert.False(decision.Effects.OfType<TaskEffect.SendVerdict>().Single().Verdict.Retry);
        var dead = decision.Effects.OfType<TaskEffect.Notify>().Select(n => n.Message).OfType<RecoveryProtocol.ReportDeadLettered>().Single();
        Assert.Equal(Severity.Critical, dead.Severity); // routed as level 5 is: incident, webhook, the tool's intake stopped
        Assert.Contains(decision.Effects, e => e is TaskEffect.Log { Warning: true } log && log.Message == reason);
    }

    [Fact]
    public void With_no_other_member_a_task_too_young_for_level_5_is_held_at_level_4_and_retries_where_it_runs()
    {
        var (state, decision) = Relocate(_f.Running(), _f.Decider, [A], T0);

        Assert.Equal(TaskStatus.RetryScheduled, state.Status);
        Assert.Null(state.AttemptsOn);
        Assert.StartsWith("no other Up member to relocate to (failed on node-a); retrying where the attempts run, held at level 4", state.CurrentPlan!.Action);
        Assert.DoesNotContain(decision.Effects, e => e is TaskEffect.StopAttempts or TaskEffect.StartAttempts);
    }

    [Fact]
    public void Members_without_the_task_role_are_no_target_so_level_4_falls_through()
    {
        var decider = new TaskDecider(_f.Rules with { TaskRole = "worker" });

        var (state, decision) = Relocate(Veteran(), decider, [A, C], T0);

        Assert.Equal(TaskStatus.DeadLettered, state.Status);
        Assert.Contains("no other Up member with role 'worker' than node-a", ((TaskDeadLettered)decision.Events[1]).Reason);
    }
}
