using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Event;
using Akka.Pattern;
using Akka.Persistence;
using FaultTolerantRunner.Breakers;
using FaultTolerantRunner.Supervision;
using FaultTolerantRunner.Taxonomy;
using FaultTolerantRunner.Telemetry;
using Directive = Akka.Actor.Directive;

namespace FaultTolerantRunner.Tasks;

/// <summary>
/// One task, sharded by id and event-sourced: acceptance is journaled before it is acknowledged, each attempt's
/// start, outcome and the retry decision are journaled, and an unfinished task restarts its attempts after
/// recovery (node restart, crash, shard hand-off). Attempts run in a child <see cref="BackoffSupervisor"/>;
/// the next attempt starts no earlier than the journaled retry time.
/// </summary>
public sealed partial class TaskEntity : ReceivePersistentActor, IWithTimers
{
    private const string AttemptsChildName = "attempts";
    private const string NoSnapshotStore = "akka.persistence.no-snapshot-store";
    private readonly TaskRuntime _runtime;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private IActorRef? _attempts;
    private bool _passivating;
    private PreStartedAttempt? _preStarted;
    private DateTimeOffset _lastHeartbeat;

    public TaskEntity(string taskId, TaskRuntime runtime)
    {
        _runtime = runtime;
        State = TaskState.Empty(taskId);
        PersistenceId = TaskIds.PersistenceId(taskId);
        // A task's journal is short and never snapshotted, so its recovery does not ask the snapshot store: one database
        // round trip less for every task that starts (a measured share of a node's CPU under load).
        SnapshotPluginId = NoSnapshotStore;

        Recover<ITaskEvent>(e => State = State.Apply(e));
        Recover<RecoveryCompleted>(_ => OnRecovered());
    }

    public TaskState State { get; private set; }

    public override string PersistenceId { get; }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(string taskId, TaskRuntime runtime) =>
        Akka.Actor.Props.Create(() => new TaskEntity(taskId, runtime));

    /// <summary>An escalation from the attempt supervisor ends here: stop the attempts; the node supervisor isolates the tool.</summary>
    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(_ => Directive.Stop);

    private DateTimeOffset Now => _runtime.Clock.GetUtcNow();

    private string Tool => State.Spec!.Tool;

    private void OnRecovered()
    {
        if (!State.Exists) Become(Empty);
        else if (State.IsTerminal) BecomeFinished();
        else
        {
            Become(Active);
            Self.Tell(Resume.Instance);
        }
    }

    private void Empty()
    {
        Command<TaskProtocol.SubmitTask>(submit =>
        {
            if (HandBackWhilePassivating(submit)) return;
            var accepted = new TaskAccepted(submit.TaskId, submit.Spec, Now);
            if (NeedsGate(submit.Spec))
            {
                Persist(accepted, _ =>
                {
                    State = State.Apply(accepted);
                    Accepted(State);
                });
                return;
            }
            // Nothing stands between acceptance and the first attempt (no service behind a breaker): its start is
            // journaled in the same write as the acceptance, one journal round trip less per task. A crash before the
            // attempt ran then records it as interrupted and runs it again, as for any attempt cut short.
            var acceptedState = State.Apply(accepted);
            var first = new PreStartedAttempt(acceptedState.AttemptCount + 1, AttemptTimeout(acceptedState));
            PersistAll(new ITaskEvent[] { accepted, new AttemptStarted(first.Attempt, _runtime.NodeName, accepted.At) }, e =>
            {
                State = State.Apply(e);
                if (e is not AttemptStarted) return;
                _preStarted = first;
                Accepted(acceptedState);
            });
        });
        Command<TaskProtocol.WakeTask>(_ => Passivate());
        Command<ITaskMessage>(message =>
        {
            Sender.Tell(new TaskProtocol.TaskNotFound(message.TaskId));
            // Never keep (or remember) an entity for an id that was only looked up.
            Passivate();
        });
        Command<AttemptProtocol.Starting>(_ => Sender.Tell(new AttemptProtocol.Abort("task does not exist")));
        Command<Stop>(_ => Context.Stop(Self));
    }

    private void Active()
    {
        Command<Resume>(_ =>
        {
            if (State.OpenAttempt is { } open) Interrupted(open.Number, "the node running the attempt stopped, or its runner crashed, before it reported");
            else StartAttempts();
        });
        Command<TaskProtocol.SubmitTask>(_ => Sender.Tell(new TaskProtocol.TaskSubmitted(State, Created: false)));
        Command<TaskProtocol.GetTask>(_ => Sender.Tell(State));
        Command<TaskProtocol.WakeTask>(_ => { });
        Command<TaskProtocol.RequeueTask>(_ => Sender.Tell(new TaskProtocol.DlqResult(State, Done: false)));
        Command<TaskProtocol.PurgeTask>(_ => Sender.Tell(new TaskProtocol.DlqResult(State, Done: false)));
        Command<TaskProtocol.CancelTask>(cancel =>
        {
            Persist(new TaskCancelled(cancel.Reason, Now), cancelled =>
            {
                State = State.Apply(cancelled);
                StopAttempts();
                RunnerMetrics.TaskCompleted(Tool, "cancelled");
                Sender.Tell(new TaskProtocol.CancelResult(State, Cancelled: true));
                BecomeFinished();
            });
        });
        Command<AttemptProtocol.Starting>(_ =>
        {
            // Only the runner's first request can find the attempt journaled with the acceptance.
            var preStarted = _preStarted;
            _preStarted = null;
            if (preStarted is not null && IsCurrent(preStarted.Attempt))
            {
                // Journaled as started with the acceptance: it runs, hand-off or not (a started attempt may finish).
                Go(Sender, preStarted.Attempt, preStarted.Timeout, guard: null, fallbackTool: null, degradedReason: null);
                return;
            }
            if (_handingOff) return; // the next attempt starts where the task moves
            var wait = State.NextAttemptAt is { } at ? at - Now : TimeSpan.Zero;
            if (wait > TimeSpan.Zero) Timers.StartSingleTimer("next-attempt", new RetryDue(Sender), wait);
            else Gate(Sender);
        });
        Command<RetryDue>(due =>
        {
            if (!_handingOff) Gate(due.Runner);
        });
        Command<Gated>(gated =>
        {
            if (_handingOff) ReturnUnusedPermit(gated);
            else OnGated(gated);
        });
        Command<BreakerProtocol.ServiceMayBeAvailable>(_ => OnServiceMayBeAvailable());
        Command<ServiceDeadline>(d => ServiceDeadlinePassed(d.Service, d.OpenSince, d.Reason));
        Command<IsolationRechecked>(_ => OnIsolationRechecked());
        Command<AttemptProtocol.Succeeded>(success =>
        {
            if (!IsCurrent(success.Attempt)) return;
            var result = success.DegradedReason is null ? success.Result : DegradedResult(success.Result, success.DegradedReason);
            Persist(new AttemptSucceeded(success.Attempt, result, success.Took.TotalMilliseconds, Now, success.ItemsSkipped, success.DegradedReason), succeeded =>
            {
                State = State.Apply(succeeded);
                ReportRecovered();
                Finish(succeeded.DegradedReason is null ? "succeeded" : "degraded");
            });
        });
        Command<AttemptProtocol.Failed>(OnAttemptFailed);
        Command<PlanArrived>(OnPlanArrived);
        Command<AttemptProtocol.Heartbeat>(beat =>
        {
            if (IsCurrent(beat.Attempt)) _lastHeartbeat = Now;
        });
        Command<Watchdog>(_ => CheckStuck());
        Command<AttemptProtocol.Closed>(closed => RecordCompensations(closed, stopAttempts: false));
        Command<Terminated>(terminated =>
        {
            if (!terminated.ActorRef.Equals(_attempts)) return;
            // The supervisor stopped without a final report (the runner crashed): an interruption, counted and backed off.
            _log.Warning("task {0}: attempt supervisor stopped unexpectedly", State.Id);
            _attempts = null;
            Self.Tell(Resume.Instance);
        });
        Command<Stop>(_ => HandOff());
        Command<HandOffCheck>(_ => OnHandOffCheck());
        Command<HandOffDeadline>(_ => OnHandOffDeadline());
    }

    private void Finished()
    {
        Command<TaskProtocol.SubmitTask>(_ => Sender.Tell(new TaskProtocol.TaskSubmitted(State, Created: false)));
        Command<TaskProtocol.GetTask>(_ => Sender.Tell(State));
        Command<TaskProtocol.WakeTask>(_ => { });
        Command<TaskProtocol.CancelTask>(_ => Sender.Tell(new TaskProtocol.CancelResult(State, Cancelled: false)));
        Command<TaskProtocol.RequeueTask>(Requeue);
        Command<TaskProtocol.PurgeTask>(Purge);
        Command<AttemptProtocol.Starting>(_ => Sender.Tell(new AttemptProtocol.Abort($"task is {State.Status}")));
        Command<AttemptProtocol.Succeeded>(_ => { });
        Command<AttemptProtocol.Failed>(_ => { });
        Command<PlanArrived>(_ => { });
        Command<AttemptProtocol.Heartbeat>(_ => { });
        Command<Watchdog>(_ => { });
        Command<AttemptProtocol.Closed>(closed => RecordCompensations(closed, stopAttempts: true));
        Command<RetryDue>(_ => { });
        Command<Gated>(ReturnUnusedPermit);
        Command<BreakerProtocol.ServiceMayBeAvailable>(_ => { });
        Command<ServiceDeadline>(_ => { });
        Command<IsolationRechecked>(_ => { });
        Command<Terminated>(terminated =>
        {
            if (terminated.ActorRef.Equals(_attempts)) _attempts = null;
        });
        Command<ReceiveTimeout>(_ =>
        {
            // Never passivate while the runner still compensates or cleans up: that would cut it short.
            if (_attempts is null) Passivate();
        });
        Command<Resume>(_ => { });
        Command<Stop>(_ => StopNow());
        Command<HandOffCheck>(_ => OnHandOffCheck());
        Command<HandOffDeadline>(_ => OnHandOffDeadline());
    }

    private void BecomeFinished()
    {
        Timers.Cancel("watchdog");
        Become(Finished);
        // Finished tasks leave memory (and the remembered-entities set) once idle; their journal stays.
        Context.SetReceiveTimeout(_runtime.Options.PassivateFinishedAfter);
    }

    private void Finish(string outcome)
    {
        StopAttempts();
        Completed(outcome);
    }

    private void Completed(string outcome)
    {
        RunnerMetrics.TaskCompleted(Tool, outcome);
        if (State.AcceptedAt is { } accepted)
        {
            RunnerMetrics.TaskDuration(Tool, outcome, Now - accepted);
            RunnerTracing.TaskEnded(State.Id, Tool, accepted, outcome, State.AttemptCount, State.RecoveryLevel, State.LastError?.Category);
        }
        _log.Info("task {0}: {1} after {2} attempt(s)", State.Id, State.Status, State.AttemptCount);
        BecomeFinished();
    }

    private bool IsCurrent(int attempt) => State.OpenAttempt?.Number == attempt;

    private void Accepted(TaskState accepted)
    {
        RunnerMetrics.TaskSubmitted(accepted.Spec!.Tool);
        Sender.Tell(new TaskProtocol.TaskSubmitted(accepted, Created: true));
        Become(Active);
        StartAttempts();
    }

    /// <summary>Whether the first attempt must pass a gate before it may start: its service's breaker, or its tool's isolation here (a new task).</summary>
    private bool NeedsGate(TaskSpec spec) =>
        _runtime.Isolation.Get(spec.Tool) is not null
        || (_runtime.Breakers is not null && _runtime.Tools.ServiceOf(spec.Tool, spec.Parameters) is not null);

    private void StartAttempt(IActorRef runner, AttemptProtocol.BreakerGuard? guard = null, string? fallbackTool = null, string? degradedReason = null)
    {
        var timeout = AttemptTimeout(State);
        Persist(new AttemptStarted(State.AttemptCount + 1, _runtime.NodeName, Now), started =>
        {
            State = State.Apply(started);
            Go(runner, started.Attempt, timeout, guard, fallbackTool, degradedReason);
        });
    }

    /// <summary>The next attempt's timeout: the task's or the tool's, grown after timeouts and by the recovery level, capped.</summary>
    private TimeSpan AttemptTimeout(TaskState state)
    {
        var tool = state.Spec!.Tool;
        var timeoutPolicy = _runtime.Retry.For(tool, ErrorCategory.Timeout);
        var baseTimeout = state.Spec.TimeoutSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : ToolDefaultTimeout(tool);
        var grown = RetryDecision.TimeoutFor(state, baseTimeout, timeoutPolicy, _runtime.Options.MaxTimeout);
        return TimeSpan.FromMilliseconds(Math.Min(grown.TotalMilliseconds * state.TimeoutFactor, _runtime.Options.MaxTimeout.TotalMilliseconds));
    }

    /// <summary>Hands a journaled attempt to its runner and starts watching it.</summary>
    private void Go(IActorRef runner, int attempt, TimeSpan timeout, AttemptProtocol.BreakerGuard? guard, string? fallbackTool, string? degradedReason)
    {
        var spec = State.Spec! with { Parameters = State.EffectiveParameters ?? State.Spec!.Parameters };
        if (fallbackTool is not null) spec = spec with { Tool = fallbackTool };
        runner.Tell(new AttemptProtocol.Go(attempt, spec, timeout, guard, degradedReason));
        _lastHeartbeat = Now;
        var settings = _runtime.SelfHealingSettings;
        var every = settings.HeartbeatInterval < settings.StuckAfter / 2 ? settings.HeartbeatInterval : settings.StuckAfter / 2;
        Timers.StartPeriodicTimer("watchdog", Watchdog.Instance, every);
    }

    /// <summary>A fallback's result, marked so nobody mistakes it for the real thing.</summary>
    private static string DegradedResult(string? result, string reason)
    {
        var marked = new System.Text.Json.Nodes.JsonObject
        {
            ["degraded"] = true,
            ["reason"] = reason,
            ["value"] = result is null ? null : System.Text.Json.Nodes.JsonNode.Parse(result),
        };
        return marked.ToJsonString();
    }

    private TimeSpan ToolDefaultTimeout(string tool) =>
        _runtime.Tools.Contains(tool) ? _runtime.Tools.Get(tool).DefaultTimeout : _runtime.Options.DefaultTimeout;

    private void StartAttempts()
    {
        if (_attempts is not null) return;
        var options = _runtime.Options;
        var backoff = Backoff.OnFailure(
                AttemptRunner.Props(State.Id, Self, _runtime), "attempt",
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

    private void Passivate()
    {
        if (_passivating) return;
        _passivating = true;
        Context.Parent.Tell(new Passivate(Stop.Instance));
    }

    /// <summary>
    /// Between asking to passivate and being stopped, commands that would start work are handed back to the shard,
    /// which buffers them and delivers them to the next incarnation, so an accepted or requeued task is never stopped and forgotten.
    /// </summary>
    private bool HandBackWhilePassivating(object message)
    {
        if (!_passivating) return false;
        Context.Parent.Forward(message);
        return true;
    }

    private sealed class Resume
    {
        public static readonly Resume Instance = new();
    }

    private sealed record RetryDue(IActorRef Runner);

    /// <summary>The first attempt, journaled as started together with the acceptance; its runner gets Go when it asks.</summary>
    private sealed record PreStartedAttempt(int Attempt, TimeSpan Timeout);

    private sealed class Watchdog
    {
        public static readonly Watchdog Instance = new();
    }

    /// <summary>The passivation and hand-off stop message.</summary>
    public sealed class Stop
    {
        public static readonly Stop Instance = new();
    }
}
