using Akka.Actor;
using Akka.Cluster;
using Akka.Event;
using FaultTolerantRunner.Recovery;
using FaultTolerantRunner.Supervision;
using FaultTolerantRunner.Taxonomy;
using FaultTolerantRunner.Telemetry;
using FaultTolerantRunner.Tools;

namespace FaultTolerantRunner.Tasks;

/// <summary>
/// The progressive-recovery side of the task entity: a retryable failure is reported to its fingerprint's recovery
/// entity, which answers with the level and strategy of the next attempt; the entity carries the plan out (delay,
/// longer timeout, reduced parameters, handler reset, relocation) and journals it with the failure. Outcomes go back
/// to the recovery entity so that strategies are scored. If the recovery entity does not answer in time, the task is
/// not held up: it retries with plain backoff.
/// </summary>
public sealed partial class TaskEntity
{
    private void AskForPlan(AttemptProtocol.Failed failure, IActorRef runner, FailureVerdict verdict)
    {
        var report = FailureReport(failure, retryable: true, final: false);
        _runtime.Recovery!.Ask<RecoveryProtocol.RecoveryPlan>(report, _runtime.RecoverySettings.PlanTimeout)
            .PipeTo(Self, success: plan => new PlanArrived(failure, runner, verdict, plan), failure: _ => new PlanArrived(failure, runner, verdict, null));
    }

    private void OnPlanArrived(PlanArrived arrived)
    {
        var (failure, runner, verdict, plan) = arrived;
        if (!IsCurrent(failure.Attempt))
        {
            runner.Tell(new FailureVerdict(Taxonomy.Directive.Stop, false, TimeSpan.Zero, 0, "stale attempt"));
            return;
        }
        if (plan is null)
        {
            _log.Warning("task {0}: no recovery plan for {1} within {2}; retrying with plain backoff", State.Id, failure.Error.Fingerprint, _runtime.RecoverySettings.PlanTimeout);
            PersistRetry(failure, runner, verdict, []);
            return;
        }
        if (plan.DeadLetter)
        {
            DeadLetter(failure, runner, verdict with { Retry = false, Directive = Taxonomy.Directive.Stop },
                $"recovery level 5 (full escalation) for {plan.Fingerprint}: {plan.Reason}; human intervention needed", reportFinal: false);
            return;
        }

        var policy = _runtime.Retry.For(Tool, failure.Classification.Category);
        var options = _runtime.RecoverySettings;
        var delay = verdict.Delay;
        var timeoutFactor = 1.0;
        string? parameters = null;
        string action;
        switch (plan.Strategy)
        {
            case RecoveryStrategies.DecorrelatedJitter:
                // Decorrelated jitter: uniformly between the base delay and three times the previous delay, capped.
                var previous = verdict.Delay.TotalMilliseconds / Math.Max(1, policy.Multiplier);
                var upper = 3 * Math.Max(previous, policy.BaseDelay.TotalMilliseconds);
                delay = TimeSpan.FromMilliseconds(Math.Min(policy.MaxDelay.TotalMilliseconds,
                    policy.BaseDelay.TotalMilliseconds + _runtime.Random.NextDouble() * (upper - policy.BaseDelay.TotalMilliseconds)));
                action = "retry with decorrelated jitter (between the base delay and three times the previous one)";
                break;
            case RecoveryStrategies.ExtendTimeout:
                timeoutFactor = options.ExtendedTimeoutFactor;
                action = $"retry with the attempt timeout x{State.TimeoutFactor * timeoutFactor:0.##}";
                break;
            case RecoveryStrategies.ReduceParameters:
                var reduced = _runtime.Tools.Contains(Tool) && _runtime.Tools.Get(Tool) is IReducibleTool reducible
                    ? reducible.Reduce(ToolParameters.Parse(State.EffectiveParameters ?? "{}"))
                    : null;
                parameters = reduced?.ToJsonString();
                action = parameters is null ? "parameters cannot be reduced further; plain retry" : $"retry with reduced parameters {parameters}";
                break;
            case RecoveryStrategies.ResetComponent:
            case RecoveryStrategies.ResetAndCoolDown:
                _runtime.Tools.Reset(Tool);
                if (plan.Strategy == RecoveryStrategies.ResetAndCoolDown)
                    delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * options.CoolDownFactor, policy.MaxDelay.TotalMilliseconds * options.CoolDownFactor));
                action = $"handler of '{Tool}' recreated on {_runtime.NodeName}" + (plan.Strategy == RecoveryStrategies.ResetAndCoolDown ? $"; cooling down x{options.CoolDownFactor:0.#}" : "");
                break;
            case RecoveryStrategies.Relocate:
                action = RelocationNote(failure);
                break;
            default:
                action = "plain exponential backoff";
                break;
        }
        // Whatever the strategy, a task that keeps failing never retries sooner than it did last time (until the cap).
        if (State.LastRetryDelayMs is { } last && delay.TotalMilliseconds <= last)
            delay = TimeSpan.FromMilliseconds(Math.Max(delay.TotalMilliseconds, Math.Min(last + 1, Math.Max(policy.MaxDelay.TotalMilliseconds, delay.TotalMilliseconds))));
        var planned = new RecoveryPlanned(plan.Fingerprint, plan.Level, plan.Strategy, action, Now, timeoutFactor, parameters);
        PersistRetry(failure, runner, verdict with { Delay = delay }, [planned]);
    }

    /// <summary>
    /// Attempts run beside their task's entity; with other members Up, the failing node is recorded as the one to
    /// avoid. On a single node there is no alternative: the level records that and the task retries here.
    /// </summary>
    private string RelocationNote(AttemptProtocol.Failed failure)
    {
        var cluster = ((ExtendedActorSystem)Context.System).Provider is Akka.Cluster.ClusterActorRefProvider ? Cluster.Get(Context.System) : null;
        var others = cluster?.State.Members.Count(m => m.Status == MemberStatus.Up && !m.Address.Equals(cluster.SelfAddress)) ?? 0;
        var node = State.Attempts.LastOrDefault(a => a.Number == failure.Attempt)?.Node ?? _runtime.NodeName;
        return others == 0
            ? $"no other node is Up to relocate to (failed on {node}); retrying here"
            : $"failed on {node}; {others} other node(s) Up, but attempts run beside the task's shard: retrying here with a fresh handler";
    }

    private void PersistRetry(AttemptProtocol.Failed failure, IActorRef runner, FailureVerdict verdict, IReadOnlyList<RecoveryPlanned> plans)
    {
        var failed = new AttemptFailed(failure.Attempt, failure.Error, failure.Took.TotalMilliseconds, Now + verdict.Delay, Now, verdict.Reason);
        var events = new List<ITaskEvent> { failed };
        events.AddRange(plans);
        PersistAll(events, e =>
        {
            State = State.Apply(e);
            if (e is RecoveryPlanned p) _log.Info("task {0}: recovery level {1} with {2}: {3}", State.Id, p.Level, p.Strategy, p.Action);
            if (!ReferenceEquals(e, events[^1])) return;
            RunnerMetrics.ErrorClassified(Tool, failure.Error.Category, failure.Error.Severity, true);
            runner.Tell(verdict);
        });
    }

    private RecoveryProtocol.ReportFailure FailureReport(AttemptProtocol.Failed failure, bool retryable, bool final)
    {
        var fingerprint = failure.Error.Fingerprint ?? Fingerprint.Of(Tool, failure.Classification.Category, failure.Error.Message);
        var plan = State.CurrentPlan;
        var samePlan = plan is not null && plan.Fingerprint == fingerprint;
        if (plan is not null && !samePlan)
            _runtime.Recovery?.Tell(new RecoveryProtocol.ReportPlanFailed(plan.Fingerprint, State.Id, plan.Level, plan.Strategy));
        return new RecoveryProtocol.ReportFailure(fingerprint, failure.Error.Category, failure.Error.Severity, Tool, State.Id, failure.Attempt,
            _runtime.NodeName, failure.Error.Type, failure.Error.Message, failure.Error.Details, failure.Error.Rule, retryable, final,
            samePlan ? plan!.Level : 0, samePlan ? plan!.Strategy : null,
            State.PlansSinceRequeue.Count(p => p.Fingerprint == fingerprint),
            _runtime.Tools.Contains(Tool) && _runtime.Tools.Get(Tool) is IReducibleTool);
    }

    /// <summary>Tells the fingerprint that its last recovery action worked.</summary>
    private void ReportRecovered()
    {
        if (_runtime.Recovery is null || State.CurrentPlan is not { } plan) return;
        var firstFailure = State.AttemptsSinceRequeue.FirstOrDefault(a => a.Outcome == "failed")?.EndedAt ?? plan.At;
        var took = Now - firstFailure;
        RunnerMetrics.Recovered(State.LastError?.Category ?? "unknown", took);
        _runtime.Recovery.Tell(new RecoveryProtocol.ReportRecovered(plan.Fingerprint, State.Id, plan.Level, plan.Strategy, took.TotalMilliseconds));
    }

    private sealed record PlanArrived(AttemptProtocol.Failed Failure, IActorRef Runner, FailureVerdict Verdict, RecoveryProtocol.RecoveryPlan? Plan);
}

/// <summary>The self-healing side of the task entity: an open attempt whose runner stopped sending heartbeats is killed and run again.</summary>
public sealed partial class TaskEntity
{
    private void CheckStuck()
    {
        if (State.OpenAttempt is not { } open || _attempts is null) return;
        var silent = Now - _lastHeartbeat;
        if (silent <= _runtime.SelfHealingSettings.StuckAfter) return;
        var reason = $"stuck: no heartbeat from attempt {open.Number} for {silent.TotalSeconds:0} s (SelfHealing:StuckAfter {_runtime.SelfHealingSettings.StuckAfter.TotalSeconds:0} s); killed and run again";
        _log.Warning("task {0}: {1}", State.Id, reason);
        RunnerMetrics.SelfHealingAction("stuck-attempt-killed");
        Context.System.EventStream.Publish(new SelfHealing.SelfHealingAction("stuck-attempt-killed", $"task {State.Id}: {reason}", _runtime.NodeName, Now));
        Timers.Cancel("watchdog");
        StopAttempts();
        Interrupted(open.Number, reason);
    }
}
