using Akka.Actor;
using Akka.Event;
using FaultTolerantRunner.Breakers;
using FaultTolerantRunner.Taxonomy;

namespace FaultTolerantRunner.Tasks;

/// <summary>
/// The guarded-service side of the task entity: before an attempt starts, the service's breaker is asked. Open means
/// the task waits (WaitingForService, no attempt consumed) until the breaker half-opens, runs a fallback tool (Degraded),
/// or dead-letters once its deadline passes while the service stays down. First, though, a task accepted (or requeued)
/// after its tool was isolated on this node (a critical failure here) is a new task this node must not run: the receiving
/// node refused it only if it was isolated there too. It is held, journaled once, and checks again every
/// <see cref="IsolationRecheck"/> until an operator re-enables the tool or its deadline passes. Tasks accepted before the
/// isolation go on, as on the node that refuses new ones.
/// </summary>
public sealed partial class TaskEntity
{
    private IActorRef? _waitingRunner;

    /// <summary>How often a task held by its tool's isolation looks again (isolation lives in memory; re-enabling sends nothing).</summary>
    internal static readonly TimeSpan IsolationRecheck = TimeSpan.FromSeconds(2);

    private void Gate(IActorRef runner)
    {
        if (IsolatedForThisTask() is { } isolated)
        {
            HoldWhileIsolated(runner, isolated);
            return;
        }
        var service = _runtime.Breakers is null ? null : _runtime.Tools.ServiceOf(Tool, State.Spec!.Parameters);
        if (service is null)
        {
            StartAttempt(runner);
            return;
        }
        _runtime.Breakers!.Ask<object>(new BreakerProtocol.Acquire(service), TimeSpan.FromSeconds(5))
            .PipeTo(Self, success: reply => new Gated(runner, service, reply), failure: _ => new Gated(runner, service, null));
    }

    private void OnGated(Gated gated)
    {
        switch (gated.Reply)
        {
            case BreakerProtocol.Permit permit:
                StartAttempt(gated.Runner, new AttemptProtocol.BreakerGuard(gated.Service, permit.Probe, permit.Epoch));
                break;
            case BreakerProtocol.Rejected rejected:
                WaitForService(gated.Runner, rejected);
                break;
            default:
                // The breaker did not answer: do not block the task on our own machinery.
                StartAttempt(gated.Runner);
                break;
        }
    }

    private void WaitForService(IActorRef runner, BreakerProtocol.Rejected rejected)
    {
        foreach (var fallback in _runtime.Tools.FallbacksOf(Tool))
        {
            // A fallback that calls the same service would fail the same way.
            if (_runtime.Tools.ServiceOf(fallback, State.Spec!.Parameters) == rejected.Service) continue;
            StartAttempt(runner, fallbackTool: fallback,
                degradedReason: $"service '{rejected.Service}' unavailable ({rejected.Reason}); ran fallback '{fallback}'");
            return;
        }

        var deadline = WaitDeadline();
        if (Now >= deadline)
        {
            ServiceDeadlinePassed(rejected.Service, rejected.OpenSince, rejected.Reason);
            return;
        }

        _waitingRunner = runner;
        _runtime.Breakers!.Tell(new BreakerProtocol.Watch(rejected.Service, Self));
        Timers.StartSingleTimer("service-deadline", new ServiceDeadline(rejected.Service, rejected.OpenSince, rejected.Reason), deadline - Now);
        if (State.Status == TaskStatus.WaitingForService) return;
        Persist(new TaskWaitingForService(rejected.Service, rejected.Reason, rejected.OpenSince, Now), waiting => State = State.Apply(waiting));
    }

    /// <summary>Acceptance, or the last requeue: a requeued task is a new task again and gets its full wait again.</summary>
    private DateTimeOffset TakenInAt => State.RequeuedAt ?? State.AcceptedAt!.Value;

    private DateTimeOffset WaitDeadline() =>
        TakenInAt + (State.Spec!.DeadlineSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : _runtime.Options.MaxServiceWait);

    /// <summary>The tool's isolation on this node, if it began before this task was taken in.</summary>
    private Supervision.IsolatedTool? IsolatedForThisTask() =>
        _runtime.Isolation.Get(Tool) is { } isolated && TakenInAt >= isolated.Since ? isolated : null;

    private void HoldWhileIsolated(IActorRef runner, Supervision.IsolatedTool isolated)
    {
        var deadline = WaitDeadline();
        if (Now >= deadline)
        {
            IsolationDeadlinePassed(isolated);
            return;
        }
        _waitingRunner = runner;
        Timers.StartSingleTimer("isolation-recheck", IsolationRechecked.Instance, deadline - Now < IsolationRecheck ? deadline - Now : IsolationRecheck);
        if (State.Status == TaskStatus.WaitingForService) return;
        _log.Warning("task {0}: tool {1} is isolated on this node; held until it is re-enabled or the deadline {2:O}", State.Id, Tool, deadline);
        Persist(new TaskHeldByIsolation(Tool, _runtime.NodeName, isolated.Reason, isolated.Since, Now), held => State = State.Apply(held));
    }

    private void OnIsolationRechecked()
    {
        if (_handingOff) return; // the task moves; its next node decides
        OnServiceMayBeAvailable();
    }

    private void IsolationDeadlinePassed(Supervision.IsolatedTool isolated)
    {
        var error = new TaskError("FaultTolerantRunner.ToolIsolated",
            $"tool '{Tool}' has been isolated on {_runtime.NodeName} since {isolated.Since:O} ({isolated.Reason}); the task's deadline passed while it was held there",
            Names.Of(ErrorCategory.Critical), Names.Of(Severity.High), "isolation.deadline", $"isolated after task {isolated.TaskId} failed critically", "stop", null,
            $"investigate task {isolated.TaskId}, re-enable the tool on that node (ftr tools enable {Tool}), then requeue this task (ftr dlq retry {State.Id})");
        GiveUpWaiting(error, $"tool '{Tool}' isolated past the deadline");
    }

    private void OnServiceMayBeAvailable()
    {
        if (_waitingRunner is not { } runner) return;
        _waitingRunner = null;
        Timers.Cancel("service-deadline");
        Gate(runner);
    }

    private void ServiceDeadlinePassed(string service, DateTimeOffset openSince, string reason)
    {
        var down = Now - openSince;
        var error = new TaskError("FaultTolerantRunner.ServiceUnavailable",
            $"service '{service}' has been unavailable for {down.TotalSeconds:0} s (breaker open since {openSince:O}: {reason}); the task's deadline passed",
            Names.Of(ErrorCategory.External), Names.Of(Severity.High), "breaker.deadline", null, "stop", null,
            $"check service '{service}' (ftr breakers show {service}); requeue the task once it is back");
        GiveUpWaiting(error, $"service '{service}' unavailable past the deadline");
    }

    /// <summary>A wait (service outage, tool isolation) outlasted the task's deadline: dead-letter it (or fail it without a DLQ).</summary>
    private void GiveUpWaiting(TaskError error, string reason)
    {
        _waitingRunner = null;
        ITaskEvent final = _runtime.Options.DeadLetterQueue ? new TaskDeadLettered(error, reason, Now) : new TaskFailed(error, Now);
        Persist(final, e =>
        {
            State = State.Apply(e);
            StopAttempts();
            Completed(_runtime.Options.DeadLetterQueue ? "dead-lettered" : "failed");
        });
    }

    /// <summary>A permit that arrived after the task ended is given back, so a half-open breaker does not wait for its report.</summary>
    private void ReturnUnusedPermit(Gated gated)
    {
        if (gated.Reply is BreakerProtocol.Permit { Probe: true } permit)
            _runtime.Breakers?.Tell(new BreakerProtocol.Report(permit.Service, CallOutcome.Ignored, TimeSpan.Zero, Probe: true, permit.Epoch));
    }

    private sealed record Gated(IActorRef Runner, string Service, object? Reply);

    private sealed record ServiceDeadline(string Service, DateTimeOffset OpenSince, string Reason);

    private sealed class IsolationRechecked
    {
        public static readonly IsolationRechecked Instance = new();
    }
}
