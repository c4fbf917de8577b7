using Akka.Actor;
using FaultTolerantRunner.Breakers;
using FaultTolerantRunner.Taxonomy;

namespace FaultTolerantRunner.Tasks;

/// <summary>
/// The guarded-service side of the task entity: before an attempt starts, the service's breaker is asked. Open means
/// the task waits (WaitingForService, no attempt consumed) until the breaker half-opens, runs a fallback tool (Degraded),
/// or dead-letters once its deadline passes while the service stays down.
/// </summary>
public sealed partial class TaskEntity
{
    private IActorRef? _waitingRunner;

    private void Gate(IActorRef runner)
    {
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

        // The wait is counted from acceptance, or from the last requeue: a requeued task gets its full wait again.
        var since = State.RequeuedAt ?? State.AcceptedAt!.Value;
        var deadline = since + (State.Spec!.DeadlineSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : _runtime.Options.MaxServiceWait);
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

    private void OnServiceMayBeAvailable()
    {
        if (_waitingRunner is not { } runner) return;
        _waitingRunner = null;
        Timers.Cancel("service-deadline");
        Gate(runner);
    }

    private void ServiceDeadlinePassed(string service, DateTimeOffset openSince, string reason)
    {
        _waitingRunner = null;
        var down = Now - openSince;
        var error = new TaskError("FaultTolerantRunner.ServiceUnavailable",
            $"service '{service}' has been unavailable for {down.TotalSeconds:0} s (breaker open since {openSince:O}: {reason}); the task's deadline passed",
            Names.Of(ErrorCategory.External), Names.Of(Severity.High), "breaker.deadline", null, "stop", null,
            $"check service '{service}' (ftr breakers show {service}); requeue the task once it is back");
        ITaskEvent final = _runtime.Options.DeadLetterQueue ? new TaskDeadLettered(error, $"service '{service}' unavailable past the deadline", Now) : new TaskFailed(error, Now);
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
}
