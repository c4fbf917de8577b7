using FaultTolerantRunner.Recovery;
using FaultTolerantRunner.Supervision;
using FaultTolerantRunner.Taxonomy;
using static FaultTolerantRunner.Tasks.TaskEffect;

namespace FaultTolerantRunner.Tasks;

/// <summary>
/// The outcome side of the rules: a success ends the task; a failure is retried (with a recovery plan from its
/// fingerprint's recovery entity, when there is one) or dead-lettered; an interruption is run again, backed off, until
/// it keeps happening.
/// </summary>
public sealed partial class TaskDecider
{
    private static readonly FailureVerdict Stale = new(Directive.Stop, false, TimeSpan.Zero, 0, "stale attempt");

    private TaskDecision Succeed(TaskState state, AttemptProtocol.Succeeded report, DateTimeOffset now)
    {
        if (!state.IsOpen(report.Attempt)) return TaskDecision.Nothing;
        var result = report.DegradedReason is null ? report.Result : DegradedResult(report.Result, state.OpenAttempt!.Tool, report.DegradedReason);
        var succeeded = new AttemptSucceeded(report.Attempt, result, report.Took.TotalMilliseconds, now, report.ItemsSkipped, report.DegradedReason);
        var effects = new List<TaskEffect>();
        if (rules.RecoveryEnabled && state.CurrentPlan is { } plan)
        {
            // The last recovery action worked: the fingerprint scores its strategy with the time recovery took.
            var firstFailure = state.AttemptsSinceRequeue.FirstOrDefault(a => a.Outcome == "failed")?.EndedAt ?? plan.At;
            effects.Add(new Notify(new RecoveryProtocol.ReportRecovered(plan.Fingerprint, state.Id, plan.Level, plan.Strategy, (now - firstFailure).TotalMilliseconds)));
        }
        effects.Add(StopAttempts.Instance);
        effects.Add(new Completed(report.DegradedReason is null ? "succeeded" : "degraded"));
        return new([succeeded], null, effects);
    }

    private TaskDecision Fail(TaskState state, AttemptProtocol.Failed failure, DateTimeOffset now)
    {
        if (!state.IsOpen(failure.Attempt)) return TaskDecision.Of(new SendVerdict(Stale, null));
        // Decide on the state that already holds this failure, so the retry budget counts it.
        var provisional = state.Apply(new AttemptFailed(failure.Attempt, failure.Error, failure.Took.TotalMilliseconds, null, now));
        var verdict = Verdict(provisional, failure.Classification);
        var category = Names.Of(failure.Classification.Category);
        // A failed fallback hands over to the next one in the chain; a tool whose retry budget for a service's (or the
        // network's) failures is spent hands over to its first fallback. Each fallback runs once per requeue.
        if (state.OpenAttempt!.Tool is { } fallback && NextFallback(state, after: fallback) is { } next)
            return ToFallback(state, failure, next, $"fallback '{fallback}' failed ({category}: {failure.Error.Message})", now);
        if (!verdict.Retry && failure.Classification.Directive == Directive.Restart
            && failure.Classification.Category is ErrorCategory.External or ErrorCategory.Transient && NextFallback(state, after: null) is { } first)
            return ToFallback(state, failure, first, $"retry budget spent ({verdict.Reason}; last: {failure.Error.Message})", now);
        if (!verdict.Retry) return DeadLetter(state, failure, verdict, verdict.Reason, reportFinal: true, now);
        if (!rules.RecoveryEnabled) return Retry(state, failure, verdict, null, now);
        var (report, planFailed) = FailureReport(state, failure, retryable: true, final: false);
        return planFailed is null ? TaskDecision.Of(new AskForPlan(report, failure, verdict)) : TaskDecision.Of(planFailed, new AskForPlan(report, failure, verdict));
    }

    /// <summary>The next fallback of the task's tool not tried since the last requeue (after <paramref name="after"/> in the chain, if given).</summary>
    private string? NextFallback(TaskState state, string? after)
    {
        var chain = rules.Tools.FallbacksOf(state.Spec!.Tool);
        var tried = state.FallbacksTried.ToHashSet(StringComparer.Ordinal);
        return (after is null ? chain : chain.SkipWhile(t => t != after).Skip(1)).FirstOrDefault(t => !tried.Contains(t));
    }

    /// <summary>The failure is journaled, the fallback chosen for the next attempt, which starts at once; the fingerprint hears of the failure.</summary>
    private TaskDecision ToFallback(TaskState state, AttemptProtocol.Failed failure, string fallback, string reason, DateTimeOffset now)
    {
        var handOver = new FailureVerdict(Directive.Restart, true, TimeSpan.Zero, 0, $"{reason}; next: fallback '{fallback}'");
        var effects = new List<TaskEffect> { new Log($"attempt {failure.Attempt}: {reason}; the next attempt runs fallback '{fallback}'") };
        if (rules.RecoveryEnabled) effects.Add(new Notify(FailureReport(state, failure, retryable: false, final: false).Report));
        effects.Add(new SendVerdict(handOver, failure.Error));
        ITaskEvent[] events = [new AttemptFailed(failure.Attempt, failure.Error, failure.Took.TotalMilliseconds, now, now, handOver.Reason), new FallbackChosen(fallback, reason, now)];
        return new(events, null, effects);
    }

    /// <summary>The recovery entity's plan for a retry: level 5 dead-letters; other levels shape the next attempt.</summary>
    private TaskDecision Recover(TaskState state, TaskCommand.PlanArrived arrived, DateTimeOffset now)
    {
        var (failure, verdict, plan, upMembers) = arrived;
        if (!state.IsOpen(failure.Attempt)) return TaskDecision.Of(new SendVerdict(Stale, null));
        if (plan is null)
        {
            var plain = Retry(state, failure, verdict, null, now);
            return plain with { Effects = [new Log($"no recovery plan for {failure.Error.Fingerprint} within {rules.Recovery.PlanTimeout}; retrying with plain backoff", Warning: true), .. plain.Effects] };
        }
        if (plan.DeadLetter)
            return DeadLetter(state, failure, verdict with { Retry = false, Directive = Directive.Stop },
                $"recovery level 5 (full escalation) for {plan.Fingerprint}: {plan.Reason}; human intervention needed", reportFinal: false, now);

        var tool = state.Spec!.Tool;
        var failedOn = state.Attempts.LastOrDefault(a => a.Number == failure.Attempt)?.Node ?? rules.NodeName;
        var relocating = plan.Strategy == RecoveryStrategies.Relocate;
        var relocateTo = relocating ? RelocationTarget.Choose(upMembers, failedOn, rules.TaskRole) : null;
        if (relocating && relocateTo is null && FallsThrough(state, plan)) return CannotRelocate(state, failure, verdict, plan, failedOn, now);
        var step = RecoveryPlanExecution.Execute(plan, state, verdict, rules.PolicyFor(state, failure.Classification.Category), rules.Recovery,
            rules.Reducible(tool), failedOn, relocateTo, rules.NodeName, rules.Random, now);
        var retry = Retry(state, failure, verdict with { Delay = step.Delay }, step.Planned, now);
        return step.ResetHandler ? retry with { Effects = [new ResetHandler(tool), .. retry.Effects] } : Relocated(retry, step.Planned);
    }

    private TaskDecision Retry(TaskState state, AttemptProtocol.Failed failure, FailureVerdict verdict, RecoveryPlanned? planned, DateTimeOffset now)
    {
        var waiting = AwaitResource(state, failure, ref verdict, now);
        var failed = new AttemptFailed(failure.Attempt, failure.Error, failure.Took.TotalMilliseconds, now + verdict.Delay, now, verdict.Reason);
        var send = new SendVerdict(verdict, failure.Error);
        ITaskEvent[] events = waiting is null ? [failed] : [failed, waiting];
        return planned is null
            ? new(events, null, [send])
            : new([.. events, planned], null, [new Log($"recovery level {planned.Level} with {planned.Strategy}: {planned.Action}"), send]);
    }

    /// <summary>The failure ends the task: dead-lettered (or failed), reported to its fingerprint, escalated when critical.</summary>
    private TaskDecision DeadLetter(TaskState state, AttemptProtocol.Failed failure, FailureVerdict verdict, string reason, bool reportFinal, DateTimeOffset now,
        Severity? severity = null)
    {
        var tool = state.Spec!.Tool;
        var effects = new List<TaskEffect>();
        if (reportFinal && rules.RecoveryEnabled)
        {
            var (report, planFailed) = FailureReport(state, failure, retryable: failure.Classification.Directive == Directive.Restart, final: true);
            if (planFailed is not null) effects.Add(planFailed);
            effects.Add(new Notify(report));
        }
        // The runner still cleans up; it reports Closed, then the attempts stop.
        effects.Add(new SendVerdict(verdict, failure.Error));
        if (verdict.Directive == Directive.Escalate)
            effects.Add(new Escalate(new ToolGuardian.Escalated(tool, state.Id, $"{failure.Error.Type}: {failure.Error.Message}", now)));
        if (rules.RecoveryEnabled && failure.Error.Fingerprint is { } fingerprint)
            effects.Add(new Notify(new RecoveryProtocol.ReportDeadLettered(fingerprint, state.Id, tool, severity ?? failure.Error.Severity, reason, rules.NodeName)));
        effects.Add(new Completed(Outcome));
        var failed = new AttemptFailed(failure.Attempt, failure.Error, failure.Took.TotalMilliseconds, null, now, reason);
        return new([failed, Final(failure.Error, reason, now)], null, effects);
    }

    /// <summary>An attempt cut short runs again, backed off like a transient failure so a crash loop cannot spin, until it keeps happening.</summary>
    private TaskDecision Interrupt(TaskState state, TaskCommand.Interrupt interrupt, DateTimeOffset now)
    {
        var (attempt, reason) = interrupt;
        if (!state.IsOpen(attempt)) return TaskDecision.Nothing; // that attempt already ended (a late notice): nothing crashed
        var inARow = state.ConsecutiveInterruptions + 1;
        if (inARow >= rules.Options.MaxInterruptions)
        {
            // The attempt keeps taking its node or runner down: stop before it takes the next one.
            var error = new TaskError("FaultTolerantRunner.AttemptInterrupted", $"attempt interrupted {inARow} times in a row: {reason}",
                ErrorCategory.Critical, Severity.Critical, "ftr.repeated-interruption", null, Directive.Stop, null,
                "the tool crashes its runner or node; inspect the node logs before requeueing");
            return new([new AttemptInterrupted(attempt, reason, now), Final(error, "repeatedly interrupted", now)], null, [new Completed(Outcome)]);
        }
        var delay = rules.Retry.For(state.Spec!.Tool, ErrorCategory.Transient).DelayBefore(inARow, rules.Random.NextDouble());
        return new([new AttemptInterrupted(attempt, reason, now, now + delay)], null,
            [new Log($"attempt {attempt} was interrupted; running it again in {delay}", Warning: true), StartAttempts.Instance]);
    }

    /// <summary>The failure as its fingerprint's recovery entity hears it; a plan of another fingerprint that the attempt ran under failed.</summary>
    private (RecoveryProtocol.ReportFailure Report, Notify? PlanFailed) FailureReport(TaskState state, AttemptProtocol.Failed failure, bool retryable, bool final)
    {
        var tool = state.Spec!.Tool;
        var error = failure.Error;
        var fingerprint = error.Fingerprint ?? Fingerprint.Of(tool, failure.Classification.Category, error.Message);
        var plan = state.CurrentPlan;
        var samePlan = plan is not null && plan.Fingerprint == fingerprint;
        var planFailed = plan is not null && !samePlan ? new Notify(new RecoveryProtocol.ReportPlanFailed(plan.Fingerprint, state.Id, plan.Level, plan.Strategy)) : null;
        var report = new RecoveryProtocol.ReportFailure(fingerprint, error.Category, error.Severity, tool, state.Id, failure.Attempt,
            rules.NodeName, error.Type, error.Message, error.Details, error.Rule, retryable, final,
            samePlan ? plan!.Level : 0, samePlan ? plan!.Strategy : null,
            state.PlansSinceRequeue.Count(p => p.Fingerprint == fingerprint), rules.Reducible(tool) is not null);
        return (report, planFailed);
    }

    /// <summary>A fallback's result, marked (with the fallback that served and why) so nobody mistakes it for the real thing.</summary>
    private static string DegradedResult(string? result, string? fallback, string reason) => new System.Text.Json.Nodes.JsonObject
    {
        ["degraded"] = true,
        ["fallback"] = fallback,
        ["reason"] = reason,
        ["value"] = result is null ? null : System.Text.Json.Nodes.JsonNode.Parse(result),
    }.ToJsonString();
}
