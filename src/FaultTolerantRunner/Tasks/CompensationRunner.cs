using Akka.Actor;
using Akka.Event;
using FaultTolerantRunner.Notifications;
using FaultTolerantRunner.Telemetry;
using FaultTolerantRunner.Tools;

namespace FaultTolerantRunner.Tasks;

/// <summary>
/// The task entity's child that carries out <see cref="TaskEffect.RunCompensations"/>: one compensation after another,
/// newest first, by its tool's <see cref="ICompensatingTool"/>, each bounded by Tasks:CompensationTimeout. A failing one runs
/// again after Tasks:CompensationBackoff (doubled each time) up to Tasks:CompensationTries runs; then it is reported failed
/// and raised as a high-severity alert naming the task. Each outcome goes to the entity, which journals it.
/// </summary>
public sealed class CompensationRunner : ReceiveActor, IWithTimers
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromMinutes(1);

    private readonly string _taskId;
    private readonly IReadOnlyList<CompensationRecord> _due;
    private readonly IActorRef _entity;
    private readonly TaskRuntime _runtime;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly CancellationTokenSource _stopping = new();
    private int _index;

    public CompensationRunner(string taskId, IReadOnlyList<CompensationRecord> due, IActorRef entity, TaskRuntime runtime)
    {
        _taskId = taskId;
        _due = due;
        _entity = entity;
        _runtime = runtime;
        Receive<RunDue>(run => Run(run.Try));
        Receive<Outcome>(Ended);
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(string taskId, IReadOnlyList<CompensationRecord> due, IActorRef entity, TaskRuntime runtime) =>
        Akka.Actor.Props.Create(() => new CompensationRunner(taskId, due, entity, runtime));

    /// <summary>
    /// Starts the runner under the entity once its attempts are stopped: a compensation never runs beside the attempt it
    /// undoes (whose clean-up then finishes detached), and the entity no longer waits on that attempt while it journals outcomes.
    /// </summary>
    public static void Start(IActorContext entity, TaskAttempts attempts, string taskId, IReadOnlyList<CompensationRecord> due, TaskRuntime runtime)
    {
        attempts.Stop();
        entity.ActorOf(Props(taskId, due, entity.Self, runtime));
    }

    protected override void PreStart() => Self.Tell(new RunDue(1));

    /// <summary>The entity stopped (hand-off, shutdown): a compensation cut short has no outcome and runs again where the task restarts.</summary>
    protected override void PostStop()
    {
        _stopping.Cancel();
        _stopping.Dispose();
    }

    private CompensationRecord Current => _due[_index];

    private void Run(int attempt)
    {
        if (_index >= _due.Count)
        {
            Context.Stop(Self);
            return;
        }
        var current = Current;
        if (_runtime.Tools.CompensatorOf(current.Tool) is not { } compensator)
        {
            // Runs again would not help: the tool left this node's configuration, or never declared a compensator.
            Ended(new Outcome(attempt, $"tool '{current.Tool}' declares no compensator on {_runtime.NodeName} (ICompensatingTool)", Final: true));
            return;
        }
        var timeout = _runtime.Options.CompensationTimeout;
        var token = _stopping.Token;
        var compensation = current.ToCompensation(_taskId, attempt);
        Task.Run(async () =>
            {
                using var bounded = CancellationTokenSource.CreateLinkedTokenSource(token);
                bounded.CancelAfter(timeout);
                // A compensator that ignores its token still cannot hold the task forever.
                await compensator.CompensateAsync(compensation, bounded.Token).WaitAsync(timeout + TimeSpan.FromSeconds(1), token).ConfigureAwait(false);
            }, token)
            .PipeTo(Self, success: () => new Outcome(attempt, null), failure: e => new Outcome(attempt, Describe(e)));
    }

    private void Ended(Outcome outcome)
    {
        var current = Current;
        if (outcome.Error is { } error && !outcome.Final && outcome.Try < _runtime.Options.CompensationTries)
        {
            var delay = Backoff(outcome.Try);
            _log.Warning("task {0}: compensation {1} #{2} failed (run {3}): {4}; running it again in {5}", _taskId, current.Name, current.Number, outcome.Try, error, delay);
            Timers.StartSingleTimer("retry", new RunDue(outcome.Try + 1), delay);
            return;
        }
        RunnerMetrics.CompensationRan(current.Tool, outcome.Error is null);
        if (outcome.Error is { } failed) Alert(current, failed, outcome.Try);
        else _log.Info("task {0}: compensation {1} #{2} succeeded", _taskId, current.Name, current.Number);
        _entity.Tell(new CompensationProtocol.Ran(current.Number, outcome.Error is null, outcome.Error, outcome.Try));
        _index++;
        Self.Tell(new RunDue(1));
    }

    private TimeSpan Backoff(int failedTry)
    {
        var delay = _runtime.Options.CompensationBackoff * Math.Pow(2, Math.Min(failedTry - 1, 16));
        return delay < MaxBackoff ? delay : MaxBackoff;
    }

    private void Alert(CompensationRecord compensation, string error, int tries)
    {
        var subject = $"compensation {compensation.Name} #{compensation.Number} of task {_taskId} FAILED after {tries} run(s): {error}; manual clean-up needed";
        _log.Error("task {0}: {1}", _taskId, subject);
        _runtime.Notifier?.Tell(new Notification(Guid.NewGuid().ToString("N"), Taxonomy.Severity.High, "compensation-failed", subject, null, _taskId,
            compensation.Tool, _runtime.NodeName, _runtime.Clock.GetUtcNow()));
    }

    private static string Describe(Exception error)
    {
        var e = error is AggregateException { InnerExceptions.Count: 1 } aggregate ? aggregate.InnerExceptions[0] : error;
        return e is TimeoutException or OperationCanceledException ? $"{e.GetType().Name}: did not finish within Tasks:CompensationTimeout" : $"{e.GetType().Name}: {e.Message}";
    }

    private sealed record RunDue(int Try);

    private sealed record Outcome(int Try, string? Error, bool Final = false);
}
