using System.Diagnostics;
using Akka.Actor;
using Akka.Event;
using Akka.Pattern;
using FaultTolerantRunner.Supervision;
using FaultTolerantRunner.Taxonomy;
using FaultTolerantRunner.Telemetry;
using FaultTolerantRunner.Tools;

namespace FaultTolerantRunner.Tasks;

/// <summary>
/// Runs one attempt of a task under the task's backoff supervisor. It asks the entity to journal the start,
/// runs the tool with a timeout (its compensations are journaled by the entity as it registers them), always cleans up (processes, temp files, registered cleanups), reports the
/// outcome to the entity and, on failure, carries out the verdict: it stops (the supervisor starts the next attempt after
/// its backoff) or ends the attempts.
/// </summary>
public sealed class AttemptRunner : ReceiveActor, IWithTimers
{
    private readonly string _taskId;
    private readonly IActorRef _entity;
    private readonly TaskRuntime _runtime;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Stopwatch _watch = new();
    private AttemptContext? _context;
    private CancellationTokenSource? _cancellation;
    private int _attempt;
    private string _tool = "";
    private AttemptProtocol.BreakerGuard? _guard;
    private string? _degradedReason;
    private Activity? _activity;
    private (Exception Cause, TaskError Error)? _unlogged;
    private readonly ProgressThrottle _progress = new();

    public AttemptRunner(string taskId, IActorRef entity, TaskRuntime runtime)
    {
        _taskId = taskId;
        _entity = entity;
        _runtime = runtime;
        WaitingForGo();
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(string taskId, IActorRef entity, TaskRuntime runtime) =>
        Akka.Actor.Props.Create(() => new AttemptRunner(taskId, entity, runtime));

    /// <summary>
    /// The runner under its task's backoff supervisor (OnStop): a runner that stops after a retry verdict is started again
    /// after a backoff (Tasks:MinBackoff..MaxBackoff under the journaled retry time). OnStop, not OnFailure, because
    /// OnFailure's supervisor logs every failure with its stack at Error whatever strategy it is given; a crash is escalated
    /// (<see cref="AttemptDecider"/>).
    /// </summary>
    public static Props SupervisedProps(string taskId, IActorRef entity, TaskRuntime runtime)
    {
        var options = runtime.Options;
        var backoff = Backoff.OnStop(Props(taskId, entity, runtime), "attempt", options.MinBackoff, options.MaxBackoff, options.RandomFactor, -1)
            .WithSupervisorStrategy(new OneForOneStrategy(AttemptDecider.Decide));
        return BackoffSupervisor.Props(backoff);
    }

    protected override void PreStart() => _entity.Tell(new AttemptProtocol.Starting(_taskId));

    protected override void PostStop()
    {
        // Stopped mid-attempt (cancel, hand-off, shutdown): cancel the tool and release everything it holds,
        // including a breaker permit, which would otherwise keep a half-open breaker's probe slot forever.
        _cancellation?.Cancel();
        RunnerTracing.EndAttempt(_activity, "stopped");
        _activity = null;
        ReportToBreaker(Breakers.CallOutcome.Ignored);
        // A failure whose verdict never came (the attempts stopped first) still gets its one line.
        if (_unlogged is { } unlogged) AttemptFailureLog.Write(_log, _taskId, _attempt, unlogged.Error, unlogged.Cause, null);
        if (_context is { } context) _ = CleanUpDetached(context, _log, _taskId);
    }

    private void WaitingForGo()
    {
        Receive<AttemptProtocol.Go>(Start);
        Receive<AttemptProtocol.Abort>(abort =>
        {
            _log.Info("task {0}: attempt not started: {1}", _taskId, abort.Reason);
            EndAttempts();
        });
    }

    private void Running()
    {
        Receive<Beat>(_ => _entity.Tell(new AttemptProtocol.Heartbeat(_attempt)));
        Receive<ProgressReport>(report => SendProgress(_progress.Offer(report)));
        Receive<ProgressDue>(_ => SendProgress(_progress.WindowEnded()));
        ReceiveAsync<Completed>(async completed =>
        {
            Timers.CancelAll();
            FlushProgress();
            string? result;
            try
            {
                result = completed.Result.Value?.ToJsonString();
            }
            catch (Exception e)
            {
                // E.g. NaN in a JSON result: the attempt failed, it did not crash the runner.
                Fail(new InvalidOperationException($"tool '{_tool}' returned a result that cannot be stored as JSON: {e.Message}", e));
                return;
            }
            var skipped = _context?.SkippedItems.Count ?? 0;
            RunnerMetrics.AttemptFinished(_tool, "succeeded", _watch.Elapsed);
            RunnerTracing.EndAttempt(_activity, "succeeded");
            _activity = null;
            ReportToBreaker(Breakers.CallOutcome.Success);
            _entity.Tell(new AttemptProtocol.Succeeded(_attempt, result, _watch.Elapsed, skipped, _degradedReason));
            Become(Finished);
            await CleanUp();
        });
        Receive<Errored>(errored =>
        {
            Timers.CancelAll();
            FlushProgress();
            Fail(errored.Error);
        });
        ReceiveAsync<TimedOut>(async timedOut =>
        {
            FlushProgress();
            // Debug: the failure's own line (category timeout) follows once the verdict is known.
            _log.Debug("task {0}: attempt {1} timed out after {2}; cancelling", _taskId, _attempt, timedOut.Timeout);
            _cancellation?.Cancel();
            if (_context is { } context) await Bounded(context.KillProcessesAsync(), "killing the attempt's processes");
            Fail(new AttemptTimeoutException(timedOut.Timeout));
        });
    }

    private void AwaitingVerdict(Exception error, TaskError taskError)
    {
        ReceiveAsync<FailureVerdict>(async verdict =>
        {
            _unlogged = null;
            AttemptFailureLog.Write(_log, _taskId, _attempt, taskError, error, verdict);
            await CleanUp();
            _entity.Tell(new AttemptProtocol.Closed(_attempt));
            Become(Finished);
            // A retry: this runner stops and the supervisor starts the next after its backoff. Anything else (a critical
            // failure included: the entity escalates it to the tool guardian as a message) ends the attempts.
            if (verdict.Retry) Context.Stop(Self);
            else EndAttempts();
        });
        Receive<Completed>(_ => { });
        Receive<Errored>(_ => { });
        Receive<TimedOut>(_ => { });
        Receive<Beat>(_ => { });
        Receive<ProgressReport>(_ => { });
        Receive<ProgressDue>(_ => { });
    }

    private void Finished()
    {
        // A tool that ignored cancellation may still complete; its outcome no longer counts.
        Receive<Completed>(_ => { });
        Receive<Errored>(_ => { });
        Receive<TimedOut>(_ => { });
        Receive<FailureVerdict>(_ => { });
        Receive<Beat>(_ => { });
        Receive<ProgressReport>(_ => { });
        Receive<ProgressDue>(_ => { });
    }

    private void Start(AttemptProtocol.Go go)
    {
        _attempt = go.Attempt;
        _tool = go.Spec.Tool;
        _guard = go.Guard;
        _degradedReason = go.DegradedReason;
        _activity = RunnerTracing.StartAttempt(_taskId, _tool, _attempt, _runtime.NodeName);
        ITaskHandler handler;
        TimeSpan timeout;
        try
        {
            handler = _runtime.Tools.Get(go.Spec.Tool);
            timeout = go.Timeout;
            _context = new AttemptContext(_taskId, go.Attempt, go.Spec.Tool, ToolParameters.Parse(go.Spec.Parameters),
                go.Spec.IdempotencyKey, timeout, _runtime.Options.KillGrace, _runtime.Classifier, CompensationRegistrar(go.Attempt, go.Spec.Tool),
                new AttemptProgress(ProgressReporter(), go.Checkpoint, _runtime.Options.MaxCheckpointBytes));
        }
        catch (Exception e)
        {
            // E.g. the tool was removed from this node's configuration since the task was accepted.
            Become(Running);
            Self.Tell(new Errored(e));
            return;
        }

        _cancellation = new CancellationTokenSource();
        var token = _cancellation.Token;
        var context = _context;
        Timers.StartSingleTimer("timeout", new TimedOut(timeout), timeout);
        Timers.StartPeriodicTimer("heartbeat", Beat.Instance, _runtime.SelfHealingSettings.HeartbeatInterval);
        _watch.Restart();
        Become(Running);
        Task.Run(() => handler.ExecuteAsync(context, token), token)
            .PipeTo(Self, success: result => new Completed(result), failure: error => new Errored(Unwrap(error)));
    }

    private void Fail(Exception error)
    {
        var classification = _runtime.Classifier.Classify(error);
        var taskError = TaskErrors.Describe(error, classification, _tool);
        // Only the service's own failures count against its breaker; a caller's validation error says nothing about it.
        ReportToBreaker(classification.Category is ErrorCategory.External or ErrorCategory.Transient or ErrorCategory.Timeout
            ? Breakers.CallOutcome.Failure
            : Breakers.CallOutcome.Ignored);
        RunnerMetrics.AttemptFinished(_tool, "failed", _watch.Elapsed);
        RunnerTracing.EndAttempt(_activity, "failed", taskError.Category, taskError.Fingerprint, taskError.Message);
        _activity = null;
        // Logged once the verdict says what happens next (AwaitingVerdict), or when the runner stops without one.
        _unlogged = (error, taskError);
        _entity.Tell(new AttemptProtocol.Failed(_attempt, taskError, classification, _watch.Elapsed));
        Become(() => AwaitingVerdict(error, taskError));
    }

    /// <summary>Stops the backoff supervisor (and so this runner): under OnStop a runner that only stopped itself would be started again.</summary>
    private static void EndAttempts() => Context.Parent.Tell(PoisonPill.Instance);

    private void ReportToBreaker(Breakers.CallOutcome outcome)
    {
        if (_guard is null || _runtime.Breakers is null) return;
        _runtime.Breakers.Tell(new Breakers.BreakerProtocol.Report(_guard.Service, outcome, _watch.Elapsed, _guard.Probe, _guard.Epoch));
        _guard = null;
    }

    private async Task CleanUp()
    {
        if (_context is not { } context) return;
        _context = null;
        await Bounded(context.DisposeAsync().AsTask(), "cleanup");
    }

    /// <summary>Waits for resource release, but never longer than the cleanup limit: a hung cleanup must not hang the task.</summary>
    private async Task Bounded(Task work, string what)
    {
        try
        {
            await work.WaitAsync(_runtime.Options.CleanupTimeout);
        }
        catch (TimeoutException)
        {
            _log.Error("task {0}: attempt {1}: {2} did not finish within {3}; carrying on", _taskId, _attempt, what, _runtime.Options.CleanupTimeout);
        }
        catch (Exception e)
        {
            _log.Warning(e, "task {0}: attempt {1}: {2} failed", _taskId, _attempt, what);
        }
    }

    private static async Task CleanUpDetached(AttemptContext context, ILoggingAdapter log, string taskId)
    {
        try
        {
            await context.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception e)
        {
            log.Warning(e, "task {0}: cleanup of a stopped attempt failed", taskId);
        }
    }

    /// <summary>The attempt's compensations are journaled by the entity (the handler awaits it), so they survive a retry and a crash.</summary>
    private Func<string, string?, CompensationScope, Task<int>> CompensationRegistrar(int attempt, string tool)
    {
        var entity = _entity;
        var timeout = _runtime.Options.CompensationTimeout;
        return async (name, data, scope) =>
            await entity.Ask<object>(new CompensationProtocol.Register(attempt, tool, name, data, scope), timeout).ConfigureAwait(false) switch
            {
                CompensationProtocol.Registered registered => registered.Number,
                CompensationProtocol.Refused refused => throw new InvalidOperationException(refused.Reason),
                var other => throw new InvalidOperationException($"unexpected answer to a compensation's registration: {other}"),
            };
    }

    /// <summary>The handler's reports come to this actor (in order, before its outcome) and are throttled here.</summary>
    private Action<ProgressReport> ProgressReporter()
    {
        var self = Self;
        return report => self.Tell(report);
    }

    private void SendProgress(ProgressReport? report)
    {
        if (report is null) return;
        Report(report);
        Timers.StartSingleTimer("progress", ProgressDue.Instance, _runtime.Options.ProgressInterval);
    }

    private void Report(ProgressReport report) => _entity.Tell(new AttemptProtocol.Progress(_attempt, report.Percent, report.Message, report.Checkpoint));

    /// <summary>Before the final report: the held progress (its checkpoint above all) must reach the journal first.</summary>
    private void FlushProgress()
    {
        Timers.Cancel("progress");
        if (_progress.Flush() is { } held) Report(held);
    }

    private static Exception Unwrap(Exception error) =>
        error is AggregateException { InnerExceptions.Count: 1 } aggregate ? aggregate.InnerExceptions[0] : error;

    private sealed record Completed(ToolResult Result);

    private sealed record Errored(Exception Error);

    private sealed record TimedOut(TimeSpan Timeout);

    private sealed class ProgressDue
    {
        public static readonly ProgressDue Instance = new();
    }

    private sealed class Beat
    {
        public static readonly Beat Instance = new();
    }
}
