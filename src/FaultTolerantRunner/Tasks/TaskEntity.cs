using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using FaultTolerantRunner.Breakers;
using FaultTolerantRunner.DeadLetters;

namespace FaultTolerantRunner.Tasks;

/// <summary>
/// One task, sharded by id and event-sourced: a thin shell over its <see cref="TaskDecider"/>, whose decisions it journals
/// (acceptance before it is acknowledged), applies, answers and carries out. Its modes are states: empty, active,
/// gating (asking a breaker), waiting (for a service or an isolated tool), handing off, finished.
/// </summary>
public sealed partial class TaskEntity : ReceivePersistentActor, IWithTimers
{
    private readonly TaskRuntime _runtime;
    private readonly TaskDecider _decider;
    private readonly TaskPeers _peers;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly TaskAttempts _attempts;

    public TaskEntity(string taskId, TaskRuntime runtime)
    {
        _runtime = runtime;
        _decider = new TaskDecider(runtime.Rules());
        _peers = new TaskPeers(runtime, Context.System);
        _attempts = new TaskAttempts(Context);
        State = TaskState.Empty(taskId);
        PersistenceId = TaskIds.PersistenceId(taskId);
        // A task's journal is short and never snapshotted: its recovery does not ask the snapshot store (one round trip less per task).
        SnapshotPluginId = "akka.persistence.no-snapshot-store";
        Recover<ITaskEvent>(e => State = State.Apply(e));
        Recover<RecoveryCompleted>(_ => OnRecovered());
    }

    public TaskState State { get; private set; }

    public override string PersistenceId { get; }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(string taskId, TaskRuntime runtime) => Akka.Actor.Props.Create(() => new TaskEntity(taskId, runtime));

    /// <summary>An escalation from the attempt supervisor ends here: stop the attempts; the node supervisor isolates the tool.</summary>
    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(_ => Akka.Actor.Directive.Stop);

    protected override void PostStop() { _runtime.Slots.Leave(State.Id); base.PostStop(); } // passivated, handed off, crashed: its slot goes to the next in line

    private DateTimeOffset Now => _runtime.Clock.GetUtcNow();

    private string Tool => State.Spec!.Tool;

    private void OnRecovered()
    {
        if (!State.Exists) Become(Empty);
        else if (State.IsTerminal) { BecomeFinished(); Carry(Decide(TaskCommand.ResumeCompensations.Instance)); }
        else
        {
            Become(Active);
            Self.Tell(new Resume(State.OpenAttempt?.Number));
        }
    }

    private void Empty()
    {
        Command<TaskProtocol.SubmitTask>(submit =>
        {
            Become(Active);
            Carry(Decide(new TaskCommand.Submit(submit.TaskId, submit.Spec, _runtime.Isolation.Get(submit.Spec.Tool), _runtime.Slots.TryAcquire(submit.TaskId, submit.Spec, Now, Self))));
        });
        Command<TaskProtocol.WakeTask>(_ => Passivate(Empty));
        Command<ITaskMessage>(message =>
        {
            Sender.Tell(TaskContinuations.NotFound(message));
            Passivate(Empty); // never keep an entity for an id that was only looked up
        });
        Command<AttemptProtocol.Starting>(_ => Sender.Tell(new AttemptProtocol.Abort("task does not exist")));
        Command<Stop>(_ => Context.Stop(Self));
    }

    private void Active()
    {
        Command<Resume>(resume =>
        {
            if (State.OpenAttempt is { } open) { if (Crashed(resume)) Interrupt(open.Number, RunnerCrashed); }
            else Carry(Decide(TaskCommand.ResumeAttempts.Instance));
        });
        Command<AttemptProtocol.Starting>(_ =>
        {
            if (_attempts.Asked(Sender, State.OpenAttempt?.Number, Now))
            {
                Watch(started: true);
                return;
            }
            var wait = State.NextAttemptAt is { } at ? at - Now : TimeSpan.Zero;
            if (wait > TimeSpan.Zero) Timers.StartSingleTimer(NextAttemptTimer, RetryDue.Instance, wait);
            else Gate();
        });
        Command<RetryDue>(_ => Gate());
        Command<AttemptSlots.Free>(_ => Gate()); // a slot was granted, or one of the tool's attempts freed a resource
        Alive();
    }

    /// <summary>Asked the service's breaker for a permit; its answer (or the ask's timeout) decides.</summary>
    private void Gating()
    {
        Command<TaskPeers.Gated>(gated =>
        {
            Become(Active);
            Carry(Decide(new TaskCommand.BreakerAnswered(gated.Service, gated.Reply)));
        });
        Alive();
    }

    /// <summary>Waiting, with no attempt consumed, for the service's breaker to half-open or the tool to be re-enabled here.</summary>
    private void Waiting()
    {
        Command<BreakerProtocol.ServiceMayBeAvailable>(_ => GateAgain());
        Command<IsolationRechecked>(_ => GateAgain());
        Command<ServiceDeadline>(d =>
        {
            Become(Active);
            Carry(Decide(new TaskCommand.ServiceDeadlinePassed(d.Service, d.OpenSince, d.Reason)));
        });
        Alive();
    }

    /// <summary>
    /// A shard hand-off (graceful leave, SIGTERM, rebalance): the running attempt may finish here, so that leaving does not
    /// run it twice; no new attempt starts (it starts where the task moves). Past Tasks:HandOffDrain the attempt is stopped
    /// and, journaled as open, runs again where the entity restarts.
    /// </summary>
    private void HandingOff()
    {
        Command<AttemptProtocol.Starting>(_ => Watch(_attempts.Asked(Sender, State.OpenAttempt?.Number, Now)));
        Command<Resume>(resume => { if (State.OpenAttempt is { } open && Crashed(resume)) Interrupt(open.Number, RunnerCrashed); });
        Command<Terminated>(terminated => AttemptsEnded(terminated, leave: false));
        Command<HandOffCheck>(_ => { if (State.OpenAttempt is null) StopNow(); });
        Command<HandOffDeadline>(_ =>
        {
            _log.Warning("task {0}: attempt still running after {1}; it runs again where the task moves", State.Id, _runtime.Options.HandOffDrain);
            StopNow();
        });
        Command<Stop>(_ => { });
        Alive();
    }

    private void Finished()
    {
        Command<AttemptProtocol.Starting>(_ => Sender.Tell(new AttemptProtocol.Abort($"task is {State.Status}")));
        Command<AttemptProtocol.Closed>(_ => _attempts.Stop());
        Command<CompensationProtocol.Ran>(ran => Carry(Decide(new TaskCommand.RecordCompensation(ran))));
        Command<Terminated>(terminated => _attempts.Ended(terminated.ActorRef));
        Command<ReceiveTimeout>(_ =>
        {
            // Never passivate while the runner still cleans up or compensations are due: that would cut them short.
            if (!_attempts.Running && State.DueCompensations.Count == 0) Passivate(Finished, handBackSubmit: false);
        });
        Command<TaskPeers.Gated>(_peers.ReturnUnusedPermit);
        Command<Stop>(_ => StopNow());
        Command<HandOffCheck>(_ => StopNow());
        Command<HandOffDeadline>(_ => StopNow());
        Answering();
        // An attempt's late report, a timer or notice of a mode the task has left.
        Command<AttemptProtocol.Succeeded>(_ => { });
        Command<AttemptProtocol.Failed>(_ => { });
        Command<AttemptProtocol.Heartbeat>(_ => { });
        Command<AttemptProtocol.Progress>(_ => { });
        Command<TaskPeers.PlanArrived>(_ => { });
        Command<ILateMessage>(_ => { });
    }

    /// <summary>What an unfinished task handles in every state: the attempts' reports, the watchdog, the runner's end, a hand-off.</summary>
    private void Alive()
    {
        Command<AttemptProtocol.Succeeded>(success => Carry(Decide(new TaskCommand.RecordSuccess(success))));
        Command<AttemptProtocol.Failed>(failure => Carry(Decide(new TaskCommand.RecordFailure(failure)), Sender));
        Command<TaskPeers.PlanArrived>(p => Carry(Decide(new TaskCommand.PlanArrived(p.Failure, p.Verdict, p.Plan,
            p.Plan?.Strategy == FaultTolerantRunner.Recovery.RecoveryStrategies.Relocate ? RelocationTarget.UpMembers(Context.System) : [])), p.Runner));
        Command<AttemptProtocol.Heartbeat>(beat => { if (State.IsOpen(beat.Attempt)) _attempts.Beat(Now); });
        Command<AttemptProtocol.Progress>(p => { if (State.IsOpen(p.Attempt)) _attempts.Beat(Now); Carry(Decide(new TaskCommand.RecordProgress(p))); }); // also a heartbeat
        Command<Watchdog>(_ => CheckStuck());
        Command<AttemptProtocol.Starting>(_ => Watch(_attempts.Asked(Sender, State.OpenAttempt?.Number, Now))); // waits for the gate's outcome
        Command<AttemptProtocol.Closed>(_ => { });
        Command<Terminated>(terminated => AttemptsEnded(terminated, leave: true));
        Command<TaskPeers.Gated>(_peers.ReturnUnusedPermit);
        Command<Stop>(_ => HandOff());
        Answering();
        Command<ILateMessage>(_ => { });
    }

    private void Answering()
    {
        Command<TaskProtocol.SubmitTask>(_ => Sender.Tell(new TaskProtocol.TaskSubmitted(State, Created: false)));
        Command<TaskProtocol.GetTask>(_ => Sender.Tell(State));
        Command<TaskProtocol.WakeTask>(wake => { if (wake.MemberLost) Carry(Decide(TaskCommand.RecheckPredecessors.Instance)); });
        Command<TaskContinuations.IMessage>(message => { if (_peers.After.Receive(message, State) is { } command) Carry(Decide(command)); });
        Command<CompensationProtocol.Register>(register => Carry(Decide(new TaskCommand.RegisterCompensation(register))));
        Command<TaskProtocol.CancelTask>(cancel => Carry(Decide(new TaskCommand.Cancel(cancel.Reason))));
        Command<DlqProtocol.PurgeTask>(purge => Carry(Decide(new TaskCommand.Purge(purge.Reason))));
        Command<DlqProtocol.RequeueTask>(requeue =>
        {
            var decision = Decide(new TaskCommand.Requeue(requeue.Reason, AttemptsRunning: _attempts.Running));
            if (decision.Events.Count > 0)
            {
                Context.SetReceiveTimeout(null);
                Become(Active);
            }
            Carry(decision);
        });
        Command<BreakerProtocol.ServiceMayBeAvailable>(_ => { });
    }

    /// <summary>The attempt supervisor stopped without a final report (the runner crashed): an interruption, counted and backed off.</summary>
    /// <param name="leave">Leave the mode the task was in (waiting, gating) and resume as active.</param>
    private void AttemptsEnded(Terminated terminated, bool leave)
    {
        if (!_attempts.Ended(terminated.ActorRef)) return;
        _log.Warning("task {0}: attempt supervisor stopped unexpectedly", State.Id);
        if (leave)
        {
            Timers.Cancel(ServiceDeadlineTimer);
            Timers.Cancel(IsolationTimer);
            Become(Active);
        }
        Self.Tell(new Resume(State.OpenAttempt?.Number));
    }
}
