using FaultTolerantRunner.Breakers;
using FaultTolerantRunner.Supervision;
using FaultTolerantRunner.Taxonomy;
using static FaultTolerantRunner.Tasks.TaskEffect;
using FaultTolerantRunner.DeadLetters;

namespace FaultTolerantRunner.Tasks;

/// <summary>
/// A task's rules as pure functions: what a <see cref="TaskCommand"/> means for a <see cref="TaskState"/> at a given
/// time. The entity journals the decision's events, applies them with <see cref="TaskState.Apply"/> (as recovery
/// does), answers with its reply and carries out its effects.
/// </summary>
public sealed partial class TaskDecider(TaskRules rules)
{
    public TaskRules Rules => rules;

    /// <summary>What the command means; a decision that ends the task also runs the compensations its end makes due.</summary>
    public TaskDecision Decide(TaskState state, TaskCommand command, DateTimeOffset now) => Compensating(state, DecideOnly(state, command, now));

    private TaskDecision DecideOnly(TaskState state, TaskCommand command, DateTimeOffset now) => command switch
    {
        TaskCommand.Submit submit => Submit(state, submit, now),
        TaskCommand.Cancel cancel => Cancel(state, cancel.Reason, now),
        TaskCommand.Requeue requeue => Requeue(state, requeue, now),
        TaskCommand.Purge purge => Purge(state, purge.Reason, now),
        TaskCommand.Gate gate => state.OpenAttempt is not null || state.IsTerminal || NotDue(state, now) ? TaskDecision.Nothing : WaitForSlot(state, gate.Slot, now) ?? Gate(state, gate.Isolation, now),
        TaskCommand.BreakerAnswered answer => BreakerAnswered(state, answer, now),
        TaskCommand.RecordSuccess success => Succeed(state, success.Report, now),
        TaskCommand.RecordFailure failure => Fail(state, failure.Report, now),
        TaskCommand.PlanArrived plan => Recover(state, plan, now),
        TaskCommand.Interrupt interrupt => Interrupt(state, interrupt, now),
        TaskCommand.RecordProgress progress => RecordProgress(state, progress.Report, now),
        TaskCommand.RegisterCompensation register => RegisterCompensation(state, register.Request, now),
        TaskCommand.RecordCompensation record => RecordCompensation(state, record.Ran, now),
        TaskCommand.ResumeCompensations => ResumeCompensations(state),
        TaskCommand.ResumeAttempts or TaskCommand.RecheckPredecessors when state.Status == TaskStatus.Awaiting => AwaitPending(state),
        TaskCommand.RecheckPredecessors => TaskDecision.Nothing,
        TaskCommand.PredecessorArrived arrived => PredecessorArrived(state, arrived, now),
        TaskCommand.ResumeAttempts => ResumeAttempts(state, now),
        TaskCommand.ServiceDeadlinePassed passed => GiveUp(state, ServiceUnavailable(passed, now), $"service '{passed.Service}' unavailable past the deadline", now),
        _ => throw new ArgumentOutOfRangeException(nameof(command), command.GetType().Name, "unknown task command"),
    };

    private TaskDecision Submit(TaskState state, TaskCommand.Submit submit, DateTimeOffset now)
    {
        if (state.Exists) return TaskDecision.Answer(new TaskProtocol.TaskSubmitted(state, Created: false));
        var accepted = new TaskAccepted(submit.TaskId, submit.Spec, now);
        var acceptedState = state.Apply(accepted);
        var reply = new TaskProtocol.TaskSubmitted(acceptedState, Created: true);
        if (acceptedState.Spec!.Awaits) return new([accepted], reply, [new AwaitPredecessors(acceptedState.PendingPredecessors)]);
        if (Delayed(acceptedState, now) is { } delayed) return delayed with { Reply = reply };
        if (submit.Slot is { Granted: false } slot) return new([accepted, WaitingForSlot(acceptedState, slot, now)], reply, [StartAttempts.Instance]);
        if (submit.Isolation is not null || ServiceOf(acceptedState) is not null)
            return new([accepted], reply, [StartAttempts.Instance]);
        // Nothing stands between acceptance and the first attempt: its start is journaled in the same write, one journal
        // round trip less per task. A crash before it ran records it as interrupted and runs it again, as any attempt cut short.
        var started = new AttemptStarted(acceptedState.AttemptCount + 1, rules.NodeName, now);
        return new([accepted, started], reply, [new RunAttempt(GoFor(acceptedState, started.Attempt)), StartAttempts.Instance]);
    }

    private static TaskDecision Cancel(TaskState state, string reason, DateTimeOffset now)
    {
        if (state.IsTerminal) return TaskDecision.Answer(new TaskProtocol.CancelResult(state, Cancelled: false));
        var cancelled = new TaskCancelled(reason, now);
        return new([cancelled], new TaskProtocol.CancelResult(state.Apply(cancelled), Cancelled: true), [StopAttempts.Instance, new Completed("cancelled")]);
    }

    private static TaskDecision Requeue(TaskState state, TaskCommand.Requeue requeue, DateTimeOffset now)
    {
        if (!state.InDeadLetterQueue || requeue.AttemptsRunning || state.DueCompensations.Count > 0) return TaskDecision.Answer(new DlqProtocol.DlqResult(state, Done: false));
        var requeued = new TaskRequeued(state.Requeues + 1, requeue.Reason, now);
        return new([requeued], new DlqProtocol.DlqResult(state.Apply(requeued), Done: true),
            [new Log($"requeued ({requeue.Reason}); fresh retry budget"), StartAttempts.Instance]);
    }

    private static TaskDecision Purge(TaskState state, string reason, DateTimeOffset now)
    {
        if (!state.InDeadLetterQueue) return TaskDecision.Answer(new DlqProtocol.DlqResult(state, Done: false));
        var purged = new TaskPurged(reason, now);
        return new([purged], new DlqProtocol.DlqResult(state.Apply(purged), Done: true), []);
    }

    /// <summary>
    /// The gates before an attempt: a task taken in after its tool was isolated on this node is held there (tasks taken in
    /// before go on, as on the node that refuses new ones); a tool with a guarded service asks its breaker.
    /// </summary>
    private TaskDecision Gate(TaskState state, IsolatedTool? isolation, DateTimeOffset now)
    {
        if (isolation is not null && state.TakenInAt >= isolation.Since) return Hold(state, isolation, now);
        // A chosen fallback runs instead of the tool: the tool's own service no longer decides.
        return state.NextFallback is null && ServiceOf(state) is { } service ? TaskDecision.Of(new AskBreaker(service)) : Start(state, now);
    }

    private TaskDecision BreakerAnswered(TaskState state, TaskCommand.BreakerAnswered answer, DateTimeOffset now) => answer.Reply switch
    {
        BreakerProtocol.Permit permit => Start(state, now, new AttemptProtocol.BreakerGuard(answer.Service, permit.Probe, permit.Epoch)),
        BreakerProtocol.Rejected rejected => ServiceRejected(state, rejected, now),
        // The breaker did not answer: do not block the task on our own machinery.
        _ => Start(state, now),
    };

    /// <summary>Open breaker: a fallback tool that does not call the same service runs (Degraded); else the task waits, consuming no attempt.</summary>
    private TaskDecision ServiceRejected(TaskState state, BreakerProtocol.Rejected rejected, DateTimeOffset now)
    {
        var tool = state.Spec!.Tool;
        // A fallback that calls the same service would fail the same way.
        var fallback = rules.Tools.FallbacksOf(tool).FirstOrDefault(f => rules.Tools.ServiceOf(f, state.Spec.Parameters) != rejected.Service);
        if (fallback is not null)
            return Start(state, now, fallbackTool: fallback, degradedReason: $"service '{rejected.Service}' unavailable ({rejected.Reason}); ran fallback '{fallback}'");

        var deadline = rules.WaitDeadline(state);
        if (now >= deadline) return DecideOnly(state, new TaskCommand.ServiceDeadlinePassed(rejected.Service, rejected.OpenSince, rejected.Reason), now);
        var watch = new WatchService(rejected.Service, rejected.OpenSince, rejected.Reason, deadline - now);
        return state.Status == TaskStatus.WaitingForService
            ? TaskDecision.Of(watch)
            : new([new TaskWaitingForService(rejected.Service, rejected.Reason, rejected.OpenSince, now)], null, [watch]);
    }

    private TaskDecision Hold(TaskState state, IsolatedTool isolation, DateTimeOffset now)
    {
        var tool = state.Spec!.Tool;
        var deadline = rules.WaitDeadline(state);
        if (now >= deadline) return GiveUp(state, ToolIsolated(state, isolation), $"tool '{tool}' isolated past the deadline", now);
        var recheck = new RecheckIsolation(deadline - now < TaskRules.IsolationRecheck ? deadline - now : TaskRules.IsolationRecheck);
        if (state.Status == TaskStatus.WaitingForService) return TaskDecision.Of(recheck);
        return new([new TaskHeldByIsolation(tool, rules.NodeName, isolation.Reason, isolation.Since, now)], null,
            [new Log($"tool {tool} is isolated on this node; held until it is re-enabled or the deadline {deadline:O}", Warning: true), recheck]);
    }

    private TaskDecision Start(TaskState state, DateTimeOffset now, AttemptProtocol.BreakerGuard? guard = null, string? fallbackTool = null, string? degradedReason = null)
    {
        if (fallbackTool is null && state.NextFallback is { } chosen) (fallbackTool, degradedReason) = (chosen.Tool, chosen.Reason);
        var started = new AttemptStarted(state.AttemptCount + 1, state.AttemptsOn ?? rules.NodeName, now, fallbackTool, state.CurrentPlan?.Level);
        return new([started], null, [new RunAttempt(GoFor(state, started.Attempt, guard, fallbackTool, degradedReason))]);
    }

    private AttemptProtocol.Go GoFor(TaskState state, int attempt, AttemptProtocol.BreakerGuard? guard = null, string? fallbackTool = null, string? degradedReason = null)
    {
        var spec = state.Spec! with { Parameters = state.EffectiveParameters ?? state.Spec!.Parameters };
        if (fallbackTool is not null) spec = spec with { Tool = fallbackTool };
        // A checkpoint is in the format of the tool that wrote it: a fallback tool does not get the primary's, nor the other way.
        return new AttemptProtocol.Go(attempt, spec, rules.AttemptTimeout(state), guard, degradedReason, spec.Tool == state.CheckpointTool ? state.Checkpoint : null);
    }

    private string? ServiceOf(TaskState state) => rules.BreakersEnabled ? rules.Tools.ServiceOf(state.Spec!.Tool, state.Spec.Parameters) : null;

    /// <summary>A wait (service outage, tool isolation) outlasted the task's deadline: dead-letter it (or fail it without a DLQ).</summary>
    private TaskDecision GiveUp(TaskState state, TaskError error, string reason, DateTimeOffset now) =>
        new([Final(error, reason, now)], null, [StopAttempts.Instance, new Completed(Outcome)]);

    private ITaskEvent Final(TaskError error, string reason, DateTimeOffset now) =>
        rules.Options.DeadLetterQueue ? new TaskDeadLettered(error, reason, now) : new TaskFailed(error, now);

    private string Outcome => rules.Options.DeadLetterQueue ? "dead-lettered" : "failed";

    private static TaskError ServiceUnavailable(TaskCommand.ServiceDeadlinePassed passed, DateTimeOffset now) =>
        new("FaultTolerantRunner.ServiceUnavailable",
            $"service '{passed.Service}' has been unavailable for {(now - passed.OpenSince).TotalSeconds:0} s (breaker open since {passed.OpenSince:O}: {passed.Reason}); the task's deadline passed",
            ErrorCategory.External, Severity.High, "breaker.deadline", null, Directive.Stop, null,
            $"check service '{passed.Service}' (ftr breakers show {passed.Service}); requeue the task once it is back");

    private TaskError ToolIsolated(TaskState state, IsolatedTool isolated) =>
        new("FaultTolerantRunner.ToolIsolated",
            $"tool '{isolated.Tool}' has been isolated on {rules.NodeName} since {isolated.Since:O} ({isolated.Reason}); the task's deadline passed while it was held there",
            ErrorCategory.Critical, Severity.High, "isolation.deadline", $"isolated after task {isolated.TaskId} failed critically", Directive.Stop, null,
            $"investigate task {isolated.TaskId}, re-enable the tool on that node (ftr tools enable {isolated.Tool}), then requeue this task (ftr dlq requeue {state.Id})");
}
