using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Event;
using FaultTolerantRunner.SelfHealing;
using FaultTolerantRunner.Telemetry;

namespace FaultTolerantRunner.Tasks;

/// <summary>How the task entity carries out its decisions: journal, apply, answer, then each effect in order.</summary>
public sealed partial class TaskEntity
{
    private const string NextAttemptTimer = "next-attempt";
    private const string WatchdogTimer = "watchdog";
    private const string ServiceDeadlineTimer = "service-deadline";
    private const string IsolationTimer = "isolation-recheck";
    private const string RunnerCrashed = "the node running the attempt stopped, or its runner crashed, before it reported";

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
        if (decision.Reply is TaskProtocol.TaskSubmitted { Created: true } submitted) RunnerMetrics.TaskSubmitted(submitted.Task.Spec!.Tool);
        foreach (var effect in decision.Effects)
        {
            switch (effect)
            {
                case TaskEffect.StartAttempts: StartAttempts(); break;
                case TaskEffect.StopAttempts: _attempts.Stop(); break;
                case TaskEffect.RunAttempt run: Watch(_attempts.Offer(run.Go, Now)); break;
                case TaskEffect.SendVerdict send: TaskPeers.SendVerdict(send, Tool, runner); break;
                case TaskEffect.AskForPlan ask: _peers.AskForPlan(ask, runner ?? ActorRefs.Nobody, Self); break;
                case TaskEffect.Notify notify: _peers.Notify(notify.Message, State.LastError?.Category); break;
                case TaskEffect.Escalate escalate: _peers.Escalate(escalate.Escalation, Self); break;
                case TaskEffect.ResetHandler reset: _runtime.Tools.Reset(reset.Tool); break;
                case TaskEffect.AskBreaker ask:
                    Become(Gating);
                    _peers.AskBreaker(ask.Service, Self);
                    break;
                case TaskEffect.WatchService watch:
                    Become(Waiting);
                    _peers.WatchService(watch.Service, Self);
                    Timers.StartSingleTimer(ServiceDeadlineTimer, new ServiceDeadline(watch.Service, watch.OpenSince, watch.Reason), watch.Until);
                    break;
                case TaskEffect.RecheckIsolation recheck:
                    Become(Waiting);
                    Timers.StartSingleTimer(IsolationTimer, IsolationRechecked.Instance, recheck.In);
                    break;
                case TaskEffect.Completed completed: _peers.Completed(State, completed.Outcome, Now, _log, Timers); BecomeFinished(); break;
                case TaskEffect.AwaitPredecessors awaiting: _peers.After.AwaitPredecessors(awaiting, State.Id, Self, Timers); break;
                case TaskEffect.RunCompensations run: CompensationRunner.Start(Context, _attempts, State.Id, run.Due, _runtime); break;
                case TaskEffect.Log log: TaskPeers.Log(_log, State.Id, log); break;
            }
        }
        _runtime.Slots.Sync(State, Self);
    }

    private void Gate() => Carry(Decide(new TaskCommand.Gate(_runtime.Isolation.Get(Tool), _runtime.Slots.TryAcquire(State, Self))));

    private void GateAgain()
    {
        Timers.Cancel(ServiceDeadlineTimer);
        Become(Active);
        Gate();
    }

    /// <summary>An attempt went to its runner: watch that it keeps heart-beating.</summary>
    private void Watch(bool started)
    {
        if (started) Timers.StartPeriodicTimer(WatchdogTimer, Watchdog.Instance, StuckAttemptWatchdog.CheckEvery(_runtime.SelfHealingSettings));
    }

    private void Interrupt(int attempt, string reason) => Carry(Decide(new TaskCommand.Interrupt(attempt, reason)));
    private bool Crashed(Resume resume) => State.OpenAttempt?.Number == resume.Attempt && !_attempts.Running;

    private void CheckStuck()
    {
        if (State.OpenAttempt is not { } open || !_attempts.Running) return;
        if (StuckAttemptWatchdog.Check(open.Number, _attempts.LastHeartbeat, Now, _runtime.SelfHealingSettings) is not { } reason) return;
        StuckAttemptWatchdog.Announce(_log, Context.System, State.Id, _runtime.NodeName, reason, Now);
        Timers.Cancel(WatchdogTimer);
        _attempts.Stop();
        Interrupt(open.Number, reason);
    }

    private void StartAttempts() => _attempts.Start(State, _runtime);

    private void BecomeFinished()
    {
        Timers.Cancel(WatchdogTimer);
        Become(Finished);
        // Finished tasks leave memory once idle; their journal stays.
        Context.SetReceiveTimeout(_runtime.Options.PassivateFinishedAfter);
    }

    private void HandOff()
    {
        if (State.OpenAttempt is null || !_attempts.Running || _runtime.Options.HandOffDrain <= TimeSpan.Zero)
        {
            StopNow();
            return;
        }
        _log.Info("task {0}: handing off; attempt {1} may finish within {2}", State.Id, State.OpenAttempt.Number, _runtime.Options.HandOffDrain);
        Timers.StartSingleTimer("hand-off-deadline", HandOffDeadline.Instance, _runtime.Options.HandOffDrain);
        Timers.StartPeriodicTimer("hand-off-check", HandOffCheck.Instance, TimeSpan.FromMilliseconds(50));
        Become(HandingOff);
    }

    private void StopNow()
    {
        _attempts.Stop();
        Context.Stop(Self);
        if (State.Exists && !State.IsTerminal) TaskPeers.WakeElsewhere(Context.System, State.Id);
    }

    /// <summary>
    /// Until stopped, commands that would start work go back to the shard, which buffers them for the next incarnation:
    /// an accepted or requeued task is never stopped and forgotten. A finished task answers a resubmission itself.
    /// </summary>
    private void Passivate(Action behaviour, bool handBackSubmit = true)
    {
        Context.Parent.Tell(new Passivate(Stop.Instance));
        Become(() =>
        {
            if (handBackSubmit) Command<TaskProtocol.SubmitTask>(submit => Context.Parent.Forward(submit));
            Command<DeadLetters.DlqProtocol.RequeueTask>(requeue => Context.Parent.Forward(requeue));
            Command<TaskProtocol.WakeTask>(_ => { });
            Command<ReceiveTimeout>(_ => { });
            if (!State.Exists) Command<ITaskMessage>(message => Sender.Tell(TaskContinuations.NotFound(message)));
            behaviour();
        });
    }

    /// <summary>The passivation and hand-off stop message.</summary>
    public sealed class Stop { public static readonly Stop Instance = new(); }

    /// <summary>A message that may reach the entity after the mode it was meant for has ended; then it means nothing.</summary>
    private interface ILateMessage;

    /// <summary>Look at the attempt open when this was sent: it crashed if it is still open and no supervisor runs it (a later one may).</summary>
    private sealed record Resume(int? Attempt) : ILateMessage;
    private sealed class RetryDue : ILateMessage { public static readonly RetryDue Instance = new(); }
    private sealed class Watchdog : ILateMessage { public static readonly Watchdog Instance = new(); }
    private sealed class IsolationRechecked : ILateMessage { public static readonly IsolationRechecked Instance = new(); }
    private sealed class HandOffCheck : ILateMessage { public static readonly HandOffCheck Instance = new(); }
    private sealed class HandOffDeadline : ILateMessage { public static readonly HandOffDeadline Instance = new(); }
    private sealed record ServiceDeadline(string Service, DateTimeOffset OpenSince, string Reason) : ILateMessage;
}
