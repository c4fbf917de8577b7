using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Sharding;
using Akka.Event;
using Akka.Pattern;
using FaultTolerantRunner.Breakers;
using FaultTolerantRunner.Recovery;
using FaultTolerantRunner.SelfHealing;
using FaultTolerantRunner.Supervision;
using FaultTolerantRunner.Telemetry;

namespace FaultTolerantRunner.Tasks;

/// <summary>How the task entity carries out its decisions: journal, apply, answer, then each effect in order.</summary>
public sealed partial class TaskEntity
{
    private const string AttemptsChildName = "attempts";
    private const string NextAttemptTimer = "next-attempt";
    private const string WatchdogTimer = "watchdog";
    private const string ServiceDeadlineTimer = "service-deadline";
    private const string IsolationTimer = "isolation-recheck";
    private const string RunnerCrashed = "the node running the attempt stopped, or its runner crashed, before it reported";
    private static readonly TimeSpan BreakerAskTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan HandOffCheckInterval = TimeSpan.FromMilliseconds(50);

    private IActorRef? _attempts;
    /// <summary>The runner that asked to start and waits for its <see cref="AttemptProtocol.Go"/>.</summary>
    private IActorRef? _runner;
    /// <summary>An attempt journaled before its runner asked (the first one, with the acceptance).</summary>
    private AttemptProtocol.Go? _go;
    private DateTimeOffset _lastHeartbeat;

    private TaskDecision Decide(TaskCommand command) => _decider.Decide(State, command, Now);

    /// <param name="runner">The runner a verdict goes to: the one that reported the failure.</param>
    private void Carry(TaskDecision decision, IActorRef? runner = null)
    {
        var sender = Sender;
        if (decision.Events.Count == 0)
        {
            CarryOut(decision, sender, runner);
            return;
        }
        var last = decision.Events[^1];
        PersistAll(decision.Events, e =>
        {
            State = State.Apply(e);
            if (ReferenceEquals(e, last)) CarryOut(decision, sender, runner);
        });
    }

    private void CarryOut(TaskDecision decision, IActorRef sender, IActorRef? runner)
    {
        if (decision.Reply is { } reply) sender.Tell(reply);
        foreach (var effect in decision.Effects)
        {
            switch (effect)
            {
                case TaskEffect.StartAttempts: StartAttempts(); break;
                case TaskEffect.StopAttempts: StopAttempts(); break;
                case TaskEffect.RunAttempt run when _runner is { } waiting: _runner = null; Go(waiting, run.Go); break;
                case TaskEffect.RunAttempt run: _go = run.Go; break;
                case TaskEffect.SendVerdict send: SendVerdict(send, runner); break;
                case TaskEffect.AskForPlan ask: AskForPlan(ask, runner ?? ActorRefs.Nobody); break;
                case TaskEffect.Notify notify: Notify(notify.Message); break;
                case TaskEffect.Escalate escalate: (_runtime.ToolGuardian ?? (ICanTell)Context.System.ActorSelection($"/user/{ToolGuardian.Name}")).Tell(escalate.Escalation, Self); break;
                case TaskEffect.ResetHandler reset: _runtime.Tools.Reset(reset.Tool); break;
                case TaskEffect.AskBreaker ask: AskBreaker(ask.Service); break;
                case TaskEffect.WatchService watch: WatchService(watch); break;
                case TaskEffect.RecheckIsolation recheck: Become(Waiting); Timers.StartSingleTimer(IsolationTimer, IsolationRechecked.Instance, recheck.In); break;
                case TaskEffect.Completed completed: Completed(completed.Outcome); break;
                case TaskEffect.Log { Warning: true } log: _log.Warning("task {0}: {1}", State.Id, log.Message); break;
                case TaskEffect.Log log: _log.Info("task {0}: {1}", State.Id, log.Message); break;
            }
        }
    }

    private void SendVerdict(TaskEffect.SendVerdict send, IActorRef? runner)
    {
        if (send.Error is { } error) RunnerMetrics.ErrorClassified(Tool, error.Category, error.Severity, send.Verdict.Retry);
        runner?.Tell(send.Verdict);
    }

    private void AskForPlan(TaskEffect.AskForPlan ask, IActorRef runner) =>
        _runtime.Recovery!.Ask<RecoveryProtocol.RecoveryPlan>(ask.Report, _runtime.RecoverySettings.PlanTimeout).PipeTo(Self,
            success: plan => new PlanArrived(ask.Failure, runner, ask.Verdict, plan), failure: _ => new PlanArrived(ask.Failure, runner, ask.Verdict, null));

    private void Notify(IRecoveryMessage message)
    {
        if (message is RecoveryProtocol.ReportRecovered recovered)
            RunnerMetrics.Recovered(State.LastError?.Category ?? "unknown", TimeSpan.FromMilliseconds(recovered.RecoveryMs));
        _runtime.Recovery?.Tell(message);
    }

    private void AskBreaker(string service)
    {
        Become(Gating);
        _runtime.Breakers!.Ask<object>(new BreakerProtocol.Acquire(service), BreakerAskTimeout)
            .PipeTo(Self, success: answer => new Gated(service, answer), failure: _ => new Gated(service, null));
    }

    private void WatchService(TaskEffect.WatchService watch)
    {
        Become(Waiting);
        _runtime.Breakers!.Tell(new BreakerProtocol.Watch(watch.Service, Self));
        Timers.StartSingleTimer(ServiceDeadlineTimer, new ServiceDeadline(watch.Service, watch.OpenSince, watch.Reason), watch.Until);
    }

    private bool IsCurrent(int attempt) => State.OpenAttempt?.Number == attempt;

    private void Gate() => Carry(Decide(new TaskCommand.Gate(_runtime.Isolation.Get(Tool))));

    private void GateAgain()
    {
        Timers.Cancel(ServiceDeadlineTimer);
        Become(Active);
        Gate();
    }

    /// <summary>Only the runner's first request can find the attempt journaled with the acceptance; it runs, hand-off or not.</summary>
    private bool TakeJournaledGo()
    {
        var go = _go;
        _go = null;
        if (go is null || !IsCurrent(go.Attempt)) return false;
        Go(Sender, go);
        return true;
    }

    private void Go(IActorRef runner, AttemptProtocol.Go go)
    {
        runner.Tell(go);
        _lastHeartbeat = Now;
        Timers.StartPeriodicTimer(WatchdogTimer, Watchdog.Instance, StuckAttemptWatchdog.CheckEvery(_runtime.SelfHealingSettings));
    }

    private void Resumed()
    {
        if (State.OpenAttempt is { } open) Interrupt(open.Number, RunnerCrashed);
        else StartAttempts();
    }

    private void Interrupt(int attempt, string reason) => Carry(Decide(new TaskCommand.Interrupt(attempt, reason)));

    private void CheckStuck()
    {
        if (State.OpenAttempt is not { } open || _attempts is null) return;
        if (StuckAttemptWatchdog.Check(open.Number, _lastHeartbeat, Now, _runtime.SelfHealingSettings) is not { } reason) return;
        _log.Warning("task {0}: {1}", State.Id, reason);
        RunnerMetrics.SelfHealingAction(StuckAttemptWatchdog.ActionKind);
        Context.System.EventStream.Publish(new SelfHealingAction(StuckAttemptWatchdog.ActionKind, $"task {State.Id}: {reason}", _runtime.NodeName, Now));
        Timers.Cancel(WatchdogTimer);
        StopAttempts();
        Interrupt(open.Number, reason);
    }

    private void StartAttempts()
    {
        if (_attempts is not null) return;
        var options = _runtime.Options;
        var backoff = Backoff.OnFailure(AttemptRunner.Props(State.Id, Self, _runtime), "attempt",
                options.MinBackoff, options.MaxBackoff, options.RandomFactor, -1)
            .WithSupervisorStrategy(new OneForOneStrategy(AttemptDecider.Decide));
        _attempts = Context.ActorOf(BackoffSupervisor.Props(backoff), AttemptsChildName);
        Context.Watch(_attempts);
    }

    private void StopAttempts()
    {
        if (_attempts is null) return;
        Context.Unwatch(_attempts);
        Context.Stop(_attempts);
        _attempts = null;
    }

    private void BecomeFinished()
    {
        Timers.Cancel(WatchdogTimer);
        Become(Finished);
        // Finished tasks leave memory once idle; their journal stays.
        Context.SetReceiveTimeout(_runtime.Options.PassivateFinishedAfter);
    }

    private void Completed(string outcome)
    {
        RunnerTracing.TaskCompleted(State, outcome, Now);
        _log.Info("task {0}: {1} after {2} attempt(s)", State.Id, State.Status, State.AttemptCount);
        BecomeFinished();
    }

    private void HandOff()
    {
        if (State.OpenAttempt is null || _attempts is null || _runtime.Options.HandOffDrain <= TimeSpan.Zero)
        {
            StopNow();
            return;
        }
        _log.Info("task {0}: handing off; attempt {1} may finish within {2}", State.Id, State.OpenAttempt.Number, _runtime.Options.HandOffDrain);
        Timers.StartSingleTimer("hand-off-deadline", HandOffDeadline.Instance, _runtime.Options.HandOffDrain);
        Timers.StartPeriodicTimer("hand-off-check", HandOffCheck.Instance, HandOffCheckInterval);
        Become(HandingOff);
    }

    private void StopNow()
    {
        StopAttempts();
        Context.Stop(Self);
        // Task entities are not remembered: an unfinished one handed off asks its region to wake it. The region holds the
        // wake-up until the shard's next home is known. (If this node is shutting down, the survivors' sweep wakes it.)
        if (State.Exists && !State.IsTerminal && _runtime.TaskRegion?.Invoke() is { } region)
            region.Tell(new TaskProtocol.WakeTask(State.Id), ActorRefs.NoSender);
    }

    /// <summary>
    /// Until stopped, commands that would start work go back to the shard, which buffers them for the next incarnation:
    /// an accepted or requeued task is never stopped and forgotten.
    /// </summary>
    private void Passivate(Action behaviour)
    {
        Context.Parent.Tell(new Passivate(Stop.Instance));
        Become(() =>
        {
            Command<TaskProtocol.SubmitTask>(submit => Context.Parent.Forward(submit));
            Command<TaskProtocol.RequeueTask>(requeue => Context.Parent.Forward(requeue));
            Ignore<TaskProtocol.WakeTask>();
            Ignore<ReceiveTimeout>();
            behaviour();
        });
    }

    /// <summary>A permit that arrived after the gate was left is given back, so a half-open breaker does not wait for its report.</summary>
    private void ReturnUnusedPermit(Gated gated)
    {
        if (gated.Reply is BreakerProtocol.Permit { Probe: true } permit)
            _runtime.Breakers?.Tell(new BreakerProtocol.Report(permit.Service, CallOutcome.Ignored, TimeSpan.Zero, Probe: true, permit.Epoch));
    }

    private int OtherMembersUp()
    {
        if (((ExtendedActorSystem)Context.System).Provider is not ClusterActorRefProvider) return 0;
        var cluster = Cluster.Get(Context.System);
        return cluster.State.Members.Count(m => m.Status == MemberStatus.Up && !m.Address.Equals(cluster.SelfAddress));
    }

    /// <summary>The passivation and hand-off stop message.</summary>
    public sealed class Stop
    {
        public static readonly Stop Instance = new();
    }

    private sealed class Resume { public static readonly Resume Instance = new(); }
    private sealed class RetryDue { public static readonly RetryDue Instance = new(); }
    private sealed class Watchdog { public static readonly Watchdog Instance = new(); }
    private sealed class IsolationRechecked { public static readonly IsolationRechecked Instance = new(); }
    private sealed class HandOffCheck { public static readonly HandOffCheck Instance = new(); }
    private sealed class HandOffDeadline { public static readonly HandOffDeadline Instance = new(); }

    private sealed record Gated(string Service, object? Reply);

    private sealed record ServiceDeadline(string Service, DateTimeOffset OpenSince, string Reason);

    private sealed record PlanArrived(AttemptProtocol.Failed Failure, IActorRef Runner, FailureVerdict Verdict, RecoveryProtocol.RecoveryPlan? Plan);
}
