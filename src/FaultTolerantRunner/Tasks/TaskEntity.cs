using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Event;
using Akka.Pattern;
using Akka.Persistence;
using FaultTolerantRunner.Supervision;
using FaultTolerantRunner.Telemetry;

namespace FaultTolerantRunner.Tasks;

/// <summary>
/// One task, sharded by id and event-sourced: acceptance is journaled before it is acknowledged, each attempt's
/// start and end are journaled, and an unfinished task restarts its attempts after recovery (node restart,
/// crash, shard hand-off). Attempts run in a child <see cref="BackoffSupervisor"/>.
/// </summary>
public sealed class TaskEntity : ReceivePersistentActor
{
    private const string AttemptsChildName = "attempts";
    private readonly TaskRuntime _runtime;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private IActorRef? _attempts;

    public TaskEntity(string taskId, TaskRuntime runtime)
    {
        _runtime = runtime;
        State = TaskState.Empty(taskId);
        PersistenceId = TaskIds.PersistenceId(taskId);

        Recover<ITaskEvent>(e => State = State.Apply(e));
        Recover<RecoveryCompleted>(_ => OnRecovered());
    }

    public TaskState State { get; private set; }

    public override string PersistenceId { get; }

    public static Props Props(string taskId, TaskRuntime runtime) =>
        Akka.Actor.Props.Create(() => new TaskEntity(taskId, runtime));

    private DateTimeOffset Now => _runtime.Clock.GetUtcNow();

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
            Persist(new TaskAccepted(submit.TaskId, submit.Spec, Now), accepted =>
            {
                State = State.Apply(accepted);
                RunnerMetrics.TaskSubmitted(accepted.Spec.Tool);
                Sender.Tell(new TaskProtocol.TaskSubmitted(State, Created: true));
                Become(Active);
                StartAttempts();
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
            if (State.OpenAttempt is { } open)
            {
                // The attempt was running when its node stopped or died: record that, then run it again.
                Persist(new AttemptInterrupted(open.Number, "the node running the attempt stopped before it reported", Now), interrupted =>
                {
                    State = State.Apply(interrupted);
                    _log.Warning("task {0}: attempt {1} was interrupted; running it again", State.Id, open.Number);
                    StartAttempts();
                });
            }
            else StartAttempts();
        });
        Command<TaskProtocol.SubmitTask>(_ => Sender.Tell(new TaskProtocol.TaskSubmitted(State, Created: false)));
        Command<TaskProtocol.GetTask>(_ => Sender.Tell(State));
        Command<TaskProtocol.WakeTask>(_ => { });
        Command<TaskProtocol.CancelTask>(cancel =>
        {
            Persist(new TaskCancelled(cancel.Reason, Now), cancelled =>
            {
                State = State.Apply(cancelled);
                StopAttempts();
                RunnerMetrics.TaskCompleted(State.Spec!.Tool, "cancelled");
                Sender.Tell(new TaskProtocol.CancelResult(State, Cancelled: true));
                BecomeFinished();
            });
        });
        Command<AttemptProtocol.Starting>(_ =>
        {
            var runner = Sender;
            Persist(new AttemptStarted(State.AttemptCount + 1, _runtime.NodeName, Now), started =>
            {
                State = State.Apply(started);
                runner.Tell(new AttemptProtocol.Go(started.Attempt, State.Spec!));
            });
        });
        Command<AttemptProtocol.Succeeded>(success =>
        {
            if (!IsCurrent(success.Attempt)) return;
            Persist(new AttemptSucceeded(success.Attempt, success.Result, success.Took.TotalMilliseconds, Now), succeeded =>
            {
                State = State.Apply(succeeded);
                Finish("succeeded");
            });
        });
        Command<AttemptProtocol.Failed>(failure =>
        {
            if (!IsCurrent(failure.Attempt)) return;
            var retryAt = failure.RetryIn is { } delay ? Now + delay : (DateTimeOffset?)null;
            var failed = new AttemptFailed(failure.Attempt, failure.Verdict.Error, failure.Took.TotalMilliseconds, retryAt, Now);
            if (failure.Verdict.Retry)
            {
                Persist(failed, e => State = State.Apply(e));
                return;
            }
            PersistAll(new ITaskEvent[] { failed, new TaskFailed(failure.Verdict.Error, Now) }, e =>
            {
                State = State.Apply(e);
                if (e is TaskFailed) Finish("failed");
            });
        });
        Command<Terminated>(terminated =>
        {
            if (!terminated.ActorRef.Equals(_attempts)) return;
            // The supervisor stopped without a final report (e.g. a runner crashed outside an attempt): start afresh.
            _log.Warning("task {0}: attempt supervisor stopped unexpectedly; restarting attempts", State.Id);
            _attempts = null;
            Self.Tell(Resume.Instance);
        });
        Command<Stop>(_ =>
        {
            // Hand-off or passivation: the attempt stops here and, journaled as open, runs again where the entity restarts.
            StopAttempts();
            Context.Stop(Self);
        });
    }

    private void Finished()
    {
        Command<TaskProtocol.SubmitTask>(_ => Sender.Tell(new TaskProtocol.TaskSubmitted(State, Created: false)));
        Command<TaskProtocol.GetTask>(_ => Sender.Tell(State));
        Command<TaskProtocol.WakeTask>(_ => { });
        Command<TaskProtocol.CancelTask>(_ => Sender.Tell(new TaskProtocol.CancelResult(State, Cancelled: false)));
        Command<AttemptProtocol.Starting>(_ => Sender.Tell(new AttemptProtocol.Abort($"task is {State.Status}")));
        Command<AttemptProtocol.Succeeded>(_ => { });
        Command<AttemptProtocol.Failed>(_ => { });
        Command<Terminated>(_ => { });
        Command<ReceiveTimeout>(_ => Passivate());
        Command<Resume>(_ => { });
        Command<Stop>(_ => Context.Stop(Self));
    }

    private void BecomeFinished()
    {
        Become(Finished);
        // Finished tasks leave memory (and the remembered-entities set) once idle; their journal stays.
        Context.SetReceiveTimeout(_runtime.Options.PassivateFinishedAfter);
    }

    private void Finish(string outcome)
    {
        StopAttempts();
        RunnerMetrics.TaskCompleted(State.Spec!.Tool, outcome);
        _log.Info("task {0}: {1} after {2} attempt(s)", State.Id, State.Status, State.AttemptCount);
        BecomeFinished();
    }

    private bool IsCurrent(int attempt) => State.OpenAttempt?.Number == attempt;

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
        if (Context.Parent is { } parent && !parent.IsNobody()) parent.Tell(new Passivate(Stop.Instance));
        else Context.Stop(Self);
    }

    private sealed class Resume
    {
        public static readonly Resume Instance = new();
    }

    /// <summary>The passivation stop message.</summary>
    public sealed class Stop
    {
        public static readonly Stop Instance = new();
    }
}
