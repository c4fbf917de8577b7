using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Event;
using Akka.Persistence;
using FaultTolerantRunner.Problems;
using static FaultTolerantRunner.Schedules.ScheduleCommand;

namespace FaultTolerantRunner.Schedules;

/// <summary>
/// One schedule, sharded by name and event-sourced (persistence id <c>schedule-&lt;name&gt;</c>): a thin shell over
/// <see cref="ScheduleDecider"/>. Its timer is journaled state (the cursor), armed on a <see cref="TimeProvider"/> timer
/// after every step; sharding remembers the entity, so it runs somewhere from its creation to its deletion without
/// anyone asking for it. <c>Ready</c> takes commands; <c>Busy</c> waits for one submission or status read and stashes the rest.
/// </summary>
public sealed class ScheduleEntity : ReceivePersistentActor
{
    private readonly ScheduleRuntime _runtime;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private ITimer? _timer;

    public ScheduleEntity(string name, ScheduleRuntime runtime)
    {
        _runtime = runtime;
        PersistenceId = ScheduleKeys.PersistenceId(name);
        State = ScheduleState.Empty(name);
        Recover<IScheduleEvent>(e => State = State.Apply(e));
        Recover<RecoveryCompleted>(_ => Self.Tell(Due.Instance));
        Ready();
    }

    public override string PersistenceId { get; }

    public ScheduleState State { get; private set; }

    private DateTimeOffset Now => _runtime.Clock.GetUtcNow();

    public static Props Props(string name, ScheduleRuntime runtime) => Akka.Actor.Props.Create(() => new ScheduleEntity(name, runtime));

    protected override void PostStop()
    {
        _timer?.Dispose();
        base.PostStop();
    }

    private void Ready()
    {
        Command<ScheduleProtocol.PutSchedule>(m => Handle(new Put(m.Spec), Sender));
        Command<ScheduleProtocol.GetSchedule>(_ => Sender.Tell(new ScheduleProtocol.ScheduleReply(State, State.Exists ? null : ScheduleProblems.NotFound, _runtime.Node)));
        Command<ScheduleProtocol.PauseSchedule>(_ => Handle(new Pause(), Sender));
        Command<ScheduleProtocol.ResumeSchedule>(_ => Handle(new Resume(), Sender));
        Command<ScheduleProtocol.TriggerSchedule>(_ => Handle(new Trigger(), Sender));
        Command<ScheduleProtocol.DeleteSchedule>(_ => Handle(new Delete(), Sender));
        Command<ScheduleProtocol.WakeSchedule>(_ => { });
        Command<Due>(_ => Handle(new Tick(), null));
        Command<Stop>(_ =>
        {
            // A schedule made (or remade) while its passivation was on the way, or handed off: sharding must start it again,
            // whether it forgot it (passivated) or moves it; a message through the region does either.
            if (State.Exists) _runtime.Region?.Invoke().Tell(new ScheduleProtocol.WakeSchedule(State.Name));
            Context.Stop(Self);
        });
    }

    private void Busy()
    {
        Command<StatusRead>(read => Resume(read.Finished is { } finished ? new Tick(finished) : new StatusUnavailable(read.Error ?? "no answer"), null));
        Command<Accepted>(a => Resume(new Submitted(a.Fire.Occurrence, a.TaskId, a.Fire.Triggered), a.ReplyTo));
        Command<Refused>(r => Resume(new SubmitFailed(r.Fire.Occurrence, r.Reason, r.Transient, r.Fire.Triggered), r.ReplyTo));
        // The step in flight ends with a tick of its own.
        Command<Due>(_ => { });
        CommandAny(_ => Stash.Stash());
    }

    private void Resume(ScheduleCommand command, IActorRef? replyTo)
    {
        Become(Ready);
        Stash.UnstashAll();
        Handle(command, replyTo);
    }

    private void Handle(ScheduleCommand command, IActorRef? replyTo)
    {
        var decision = ScheduleDecider.Decide(State, command, Now, _runtime.Options);
        if (decision.Events.Count == 0)
        {
            Carry(decision, replyTo);
            return;
        }
        var last = decision.Events[^1];
        PersistAll(decision.Events, e =>
        {
            State = State.Apply(e);
            Observe(e);
            if (ReferenceEquals(e, last)) Carry(decision, replyTo);
        });
    }

    private void Carry(ScheduleDecision decision, IActorRef? replyTo)
    {
        foreach (var effect in decision.Effects)
        {
            switch (effect)
            {
                case ScheduleEffect.SetTimer set:
                    Arm(set.At);
                    break;
                case ScheduleEffect.CancelTimer:
                    _timer?.Dispose();
                    _timer = null;
                    break;
                case ScheduleEffect.Passivate:
                    Context.Parent.Tell(new Passivate(Stop.Instance));
                    break;
                case ScheduleEffect.AskStatus ask:
                    Become(Busy);
                    _runtime.Tasks.IsFinishedAsync(ask.TaskId).PipeTo(Self,
                        success: finished => new StatusRead(finished, null), failure: e => new StatusRead(null, e.GetBaseException().Message));
                    break;
                case ScheduleEffect.Fire fire:
                    Become(Busy);
                    _runtime.Tasks.SubmitAsync(State.Spec!, fire.IdempotencyKey).PipeTo(Self,
                        success: id => new Accepted(fire, id, replyTo), failure: e => Refusal(fire, e, replyTo));
                    break;
            }
        }
        // After the effects: whoever hears the answer finds the timer set.
        if (decision.Answer) replyTo?.Tell(new ScheduleProtocol.ScheduleReply(State, decision.Problem, _runtime.Node));
    }

    private void Arm(DateTimeOffset at)
    {
        _timer?.Dispose();
        var self = Self;
        var delay = at - Now;
        _timer = _runtime.Clock.CreateTimer(_ => self.Tell(Due.Instance), null, delay > TimeSpan.Zero ? delay : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
    }

    /// <summary>A 4xx problem (unknown tool, invalid parameters) is for good; anything else (5xx, a timeout) is worth another try.</summary>
    private static Refused Refusal(ScheduleEffect.Fire fire, Exception e, IActorRef? replyTo) => e.GetBaseException() is FtrProblemException { Status: < 500 } p
        ? new Refused(fire, p.Problem.Message, false, replyTo)
        : new Refused(fire, e.GetBaseException().Message, true, replyTo);

    private void Observe(IScheduleEvent e)
    {
        switch (e)
        {
            case OccurrenceFired f:
                _log.Info("schedule {0}: occurrence {1:O} fired task {2}", State.Name, f.Occurrence, f.TaskId);
                break;
            case OccurrencesMissed m:
                _log.Warning("schedule {0}: {1} occurrence(s) from {2:O} to {3:O} missed (catchUp {4})", State.Name, m.Count, m.From, m.To, State.Spec?.CatchUp);
                break;
            case OccurrenceFailed f:
                _log.Warning("schedule {0}: occurrence {1:O} refused: {2}", State.Name, f.Occurrence, f.Reason);
                break;
        }
    }

    /// <summary>The passivation and hand-off stop message.</summary>
    public sealed class Stop
    {
        public static readonly Stop Instance = new();
    }

    /// <summary>The timer (or a start): look at what is due.</summary>
    private sealed class Due
    {
        public static readonly Due Instance = new();
    }

    private sealed record StatusRead(bool? Finished, string? Error);

    private sealed record Accepted(ScheduleEffect.Fire Fire, string TaskId, IActorRef? ReplyTo);

    private sealed record Refused(ScheduleEffect.Fire Fire, string Reason, bool Transient, IActorRef? ReplyTo);
}
