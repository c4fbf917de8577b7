using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using FaultTolerantRunner.Notifications;
using FaultTolerantRunner.Telemetry;
using FaultTolerantRunner.Taxonomy;

namespace FaultTolerantRunner.Recovery;

/// <summary>What a recovery entity needs from its node.</summary>
public sealed record RecoveryRuntime(RecoveryOptions Options, NotificationOptions Notifications, TimeProvider Clock, Random Random, string NodeName, IActorRef? Notifier);

/// <summary>
/// One error fingerprint, sharded and event-sourced: its recovery level, history, strategy records, alerts and
/// incidents. Every failure with this fingerprint is reported here; retryable ones are answered with the plan for
/// the task's next attempt. The single writer per fingerprint also raises its notifications, so a cluster sends
/// each exactly once.
/// </summary>
/// <remarks>
/// Decisions are made on the in-memory state and written with <c>PersistAllAsync</c>, so a storm of reports for one hot
/// fingerprint is not held up one journal write per report; answers leave only after the events they depend on are
/// journaled (the measured reason: tests/FaultTolerantRunner.LoadGen/README.md, bottleneck history).
/// </remarks>
public sealed class RecoveryEntity : ReceivePersistentActor
{
    private const int SnapshotEvery = 500;
    private readonly RecoveryRuntime _runtime;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private int _sinceSnapshot;
    private RecoveryState _journaled;

    public RecoveryEntity(string fingerprint, RecoveryRuntime runtime)
    {
        _runtime = runtime;
        PersistenceId = $"recovery-{fingerprint}";
        State = RecoveryState.Empty(fingerprint);
        _journaled = State;

        Recover<SnapshotOffer>(offer =>
        {
            if (offer.Snapshot is RecoveryState state) State = _journaled = state;
        });
        Recover<IRecoveryEvent>(e => State = _journaled = State.Apply(e, _runtime.Options.HistoryLimit));

        Command<RecoveryProtocol.ReportFailure>(OnFailure);
        Command<RecoveryProtocol.ReportRecovered>(recovered =>
            Record(RecoveryDecider.OnRecovered(State, recovered, _runtime.Options, Now), () => { }));
        Command<RecoveryProtocol.ReportPlanFailed>(failed =>
            Record([new StrategyOutcome(failed.Level, failed.Strategy, failed.TaskId, false, 0, Now)], () => { }));
        Command<RecoveryProtocol.ReportDeadLettered>(OnDeadLettered);
        Command<RecoveryProtocol.GetRecovery>(_ =>
        {
            // After the writes in flight: a reader sees every report sent before its query, and nothing unjournaled.
            var sender = Sender;
            DeferAsync(State, _ => sender.Tell(_journaled));
        });
        Command<RecoveryProtocol.ResetLevel>(reset => Answer(RecoveryDecider.OnReset(State, reset.Reason, Now)));
        Command<RecoveryProtocol.Resolve>(resolve => Answer(RecoveryDecider.OnResolve(State, resolve.Note, Now)));
        Command<SaveSnapshotSuccess>(success => DeleteSnapshots(new SnapshotSelectionCriteria(success.Metadata.SequenceNr - 1)));
        Command<SaveSnapshotFailure>(failure => _log.Warning("recovery {0}: snapshot failed: {1}", State.Fingerprint, failure.Cause.Message));
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(_ => { });
        // After the writes in flight, so their plans and notifications still go out before a hand-off or passivation.
        Command<Stop>(stop => DeferAsync(stop, _ => Context.Stop(Self)));
    }

    public override string PersistenceId { get; }

    /// <summary>The state decisions are made on: the journal plus the events being written.</summary>
    public RecoveryState State { get; private set; }

    private DateTimeOffset Now => _runtime.Clock.GetUtcNow();

    public static Props Props(string fingerprint, RecoveryRuntime runtime) => Akka.Actor.Props.Create(() => new RecoveryEntity(fingerprint, runtime));

    private void OnFailure(RecoveryProtocol.ReportFailure report)
    {
        var sender = Sender;
        var isNew = State.Occurrences == 0 || State.Resolved;
        var (events, plan) = RecoveryDecider.OnFailure(State, report, _runtime.Options, Now, _runtime.Random.NextDouble(), _runtime.Random.NextDouble());
        var all = events.ToList();
        var notifications = new List<Notification>();
        var reported = events.OfType<FailureRecorded>().Single().Severity;
        if (isNew)
            notifications.Add(Notify(reported, "new-error", $"{(State.Resolved ? "reopened" : "new")} error in tool '{report.Tool}': {report.Type}: {report.Message}", report));
        foreach (var raised in events.OfType<SeverityRaised>())
            notifications.Add(Notify(raised.To, "severity-raised",
                $"error in tool '{report.Tool}' reported {raised.Count} times within {raised.Window}: severity raised from {Names.Of(raised.From)} to {Names.Of(raised.To)}: {report.Type}: {report.Message}", report));
        foreach (var change in events.OfType<LevelChanged>().Where(c => c.To > c.From && c.To >= 3))
        {
            // Critical (incident, tool intake stopped) only when a task is really given up; a fingerprint at level 5 whose
            // tasks are still held at level 4 is an alert.
            var severity = change.To < RecoveryStrategies.MaxLevel ? Severity.Medium : plan is { DeadLetter: true } ? Severity.Critical : Severity.High;
            notifications.Add(Notify(severity, "escalation",
                $"recovery of '{report.Tool}' errors escalated to level {change.To} ({RecoveryStrategies.LevelName(change.To)}): {change.Reason}", report));
        }
        if (plan is { DeadLetter: true } && notifications.All(n => n.Severity != Severity.Critical))
            notifications.Add(Notify(Severity.Critical, "escalation",
                $"task {report.TaskId} of tool '{report.Tool}' fully escalated at level 5: dead-lettered, human intervention needed", report));
        all.AddRange(Records(notifications));
        Record(all, () =>
        {
            if (plan is not null) sender.Tell(plan);
            Send(notifications);
        });
    }

    private void OnDeadLettered(RecoveryProtocol.ReportDeadLettered dead)
    {
        // A dead-lettered task needs a person: never quieter than medium, nor than the fingerprint's raised severity.
        var reported = State.EffectiveSeverity(dead.Severity);
        var severity = reported == Severity.Low ? Severity.Medium : reported;
        var notification = new Notification(Guid.NewGuid().ToString("N"), severity, "dead-lettered",
            $"task {dead.TaskId} of tool '{dead.Tool}' dead-lettered: {dead.Reason}", State.Fingerprint, dead.TaskId, dead.Tool, _runtime.NodeName, Now, dead.Node);
        var events = new List<IRecoveryEvent> { new TaskDeadLetteredRecorded(dead.TaskId, dead.Reason, Now) };
        events.AddRange(Records([notification]));
        Record(events, () => Send([notification]));
    }

    /// <summary>Operator commands answer with the state once their events (or, without any, the writes in flight) are journaled.</summary>
    private void Answer(IReadOnlyList<IRecoveryEvent> events)
    {
        var sender = Sender;
        if (events.Count == 0) DeferAsync(State, _ => sender.Tell(_journaled));
        else Record(events, () => sender.Tell(_journaled));
    }

    private Notification Notify(Severity severity, string kind, string subject, RecoveryProtocol.ReportFailure report) =>
        new(Guid.NewGuid().ToString("N"), severity, kind, subject, report.Fingerprint, report.TaskId, report.Tool, _runtime.NodeName, Now, report.Node);

    /// <summary>Alert and incident records are journaled with the fingerprint, so they survive restarts.</summary>
    private IEnumerable<IRecoveryEvent> Records(IEnumerable<Notification> notifications)
    {
        foreach (var n in notifications)
        {
            var channels = _runtime.Notifications.ChannelsFor(n.Severity);
            if (channels.HasFlag(NotificationChannels.Incident)) yield return new NotificationRecorded("incident", n.Severity, n.Subject, n.TaskId, n.At);
            else if (channels.HasFlag(NotificationChannels.Alert)) yield return new NotificationRecorded("alert", n.Severity, n.Subject, n.TaskId, n.At);
        }
    }

    private void Send(IEnumerable<Notification> notifications)
    {
        foreach (var n in notifications) _runtime.Notifier?.Tell(n);
    }

    private void Record(IReadOnlyList<IRecoveryEvent> events, Action done)
    {
        if (events.Count == 0)
        {
            done();
            return;
        }
        foreach (var e in events) State = State.Apply(e, _runtime.Options.HistoryLimit);
        var last = events[^1];
        PersistAllAsync(events, e =>
        {
            _journaled = _journaled.Apply(e, _runtime.Options.HistoryLimit);
            Observe(e);
            if (!ReferenceEquals(e, last)) return;
            _sinceSnapshot += events.Count;
            if (_sinceSnapshot >= SnapshotEvery)
            {
                // A hot fingerprint must not replay its whole journal on every start. The journaled state matches
                // LastSequenceNr here; State may already hold later, unwritten events.
                _sinceSnapshot = 0;
                SaveSnapshot(_journaled);
            }
            done();
        });
    }

    private void Observe(IRecoveryEvent e)
    {
        switch (e)
        {
            case LevelChanged c:
                RunnerMetrics.RecoveryLevelChanged(c.From, c.To);
                _log.Info("recovery {0}: level {1} -> {2} ({3}){4}", State.Fingerprint, c.From, c.To, c.Reason, c.TaskId is null ? "" : $", task {c.TaskId}");
                break;
            case SeverityRaised r:
                _log.Warning("recovery {0}: severity {1} -> {2} ({3} reports within {4})", State.Fingerprint, Names.Of(r.From), Names.Of(r.To), r.Count, r.Window);
                break;
            case SeverityReset r:
                _log.Info("recovery {0}: severity {1} -> {2} ({3})", State.Fingerprint, Names.Of(r.From), Names.Of(r.To), r.Reason);
                break;
            case StrategyOutcome o:
                RunnerMetrics.RecoveryOutcome(o.Level, o.Succeeded);
                break;
            case RecoveryActionChosen a:
                RunnerMetrics.RecoveryActionChosen(a.Level, a.Strategy);
                _log.Info("recovery {0}: task {1} next attempt at level {2} with {3}", State.Fingerprint, a.TaskId, a.Level, a.Strategy);
                break;
        }
    }

    /// <summary>The passivation and hand-off stop message.</summary>
    public sealed class Stop
    {
        public static readonly Stop Instance = new();
    }
}
