using Akka.Actor;
using Akka.Event;
using FaultTolerantRunner.Telemetry;

namespace FaultTolerantRunner.Breakers;

/// <summary>
/// The breaker of one guarded service on this node. It carries out <see cref="BreakerState"/>: answers permits,
/// folds in call outcomes, moves to half-open on a timer, wakes tasks waiting for the service, and tells its
/// parent about every transition (logged, counted, and — for openings — published to the cluster).
/// </summary>
public sealed class BreakerActor : ReceiveActor, IWithTimers
{
    private readonly TimeProvider _clock;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly HashSet<IActorRef> _waiters = new();
    private BreakerState _state;

    public BreakerActor(string service, BreakerOptions options, TimeProvider clock)
    {
        _clock = clock;
        _state = BreakerState.Closed(service, options);

        Receive<BreakerProtocol.Acquire>(_ =>
        {
            var (permission, next) = _state.TryAcquire(Now);
            Apply(next);
            Sender.Tell(permission == BreakerState.Permission.Denied
                ? new BreakerProtocol.Rejected(service, _state.Status, _state.Forced ? null : _state.HalfOpenAt, OpenSince, LastReason)
                : new BreakerProtocol.Permit(service, permission == BreakerState.Permission.Probe, _state.Epoch));
        });
        Receive<BreakerProtocol.Report>(report =>
        {
            Apply(_state.Record(Now, report.Outcome, report.Took, report.Probe, report.Probe ? report.Epoch : null));
            // A probe that succeeded without closing frees its slot: someone waiting must take it.
            WakeIfCapacity();
        });
        Receive<BreakerProtocol.Trip>(trip =>
        {
            Apply(_state.Trip(Now, trip.Reason));
            Sender.Tell(View());
        });
        Receive<BreakerProtocol.Reset>(reset =>
        {
            Apply(_state.Reset(Now, reset.Reason));
            Sender.Tell(View());
        });
        Receive<BreakerProtocol.GetBreaker>(_ => Sender.Tell(View()));
        Receive<BreakerProtocol.Watch>(watch =>
        {
            Apply(_state.Advance(Now).At(Now));
            // Answer at once when there is room: the breaker may have half-opened between the rejection and this watch.
            if (_state.HasCapacity) watch.Waiter.Tell(new BreakerProtocol.ServiceMayBeAvailable(service));
            else _waiters.Add(watch.Waiter);
        });
        Receive<BreakerProtocol.OpenedOnNode>(opened => Apply(_state.OpenedElsewhere(Now, opened.Node, opened.Until, opened.Reason), remote: true));
        Receive<HalfOpenDue>(_ => Apply(_state.Advance(Now)));
        Receive<CheckProbes>(_ =>
        {
            Apply(_state.At(Now));
            WakeIfCapacity();
        });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(string service, BreakerOptions options, TimeProvider clock) =>
        Akka.Actor.Props.Create(() => new BreakerActor(service, options, clock));

    private DateTimeOffset Now => _clock.GetUtcNow();

    private DateTimeOffset OpenSince => _state.Transitions.LastOrDefault(t => t.To == BreakerStatus.Open)?.At ?? Now;

    private string LastReason => _state.Transitions.Count > 0 ? _state.Transitions[^1].Reason : "";

    private void Apply(BreakerState next, bool remote = false)
    {
        var before = _state;
        _state = next;
        if (ReferenceEquals(next.Transitions, before.Transitions)) return;

        var transition = next.Transitions[^1];
        _log.Warning("breaker {0}: {1} -> {2}: {3}", next.Service, transition.From, transition.To, transition.Reason);
        RunnerMetrics.BreakerTransition(next.Service, transition.To.ToString());
        Context.Parent.Tell(new BreakerRegistry.Transitioned(next.Service, transition, next.HalfOpenAt, remote));

        if (next.Status == BreakerStatus.Open && !next.Forced && next.HalfOpenAt is { } at)
            Timers.StartSingleTimer("half-open", HalfOpenDue.Instance, at - Now > TimeSpan.Zero ? at - Now : TimeSpan.Zero);
        else Timers.Cancel("half-open");

        // Half-open: re-check now and then, so probe permits that were never reported are given back.
        if (next.Status == BreakerStatus.HalfOpen) Timers.StartPeriodicTimer("probes", CheckProbes.Instance, next.Options.ProbeTimeout / 4 + TimeSpan.FromMilliseconds(1));
        else Timers.Cancel("probes");

        WakeIfCapacity();
    }

    private void WakeIfCapacity()
    {
        if (!_state.HasCapacity || _waiters.Count == 0) return;
        foreach (var waiter in _waiters) waiter.Tell(new BreakerProtocol.ServiceMayBeAvailable(_state.Service));
        _waiters.Clear();
    }

    private BreakerProtocol.BreakerView View()
    {
        _state = _state.At(Now);
        return ViewOf(_state);
    }

    private static BreakerProtocol.BreakerView ViewOf(BreakerState s) => new(s.Service, s.Status, s.Forced, s.Calls, s.Failures,
        s.FailureRatio, s.Forced ? null : s.HalfOpenAt, s.CurrentBreak.TotalSeconds, s.Transitions, s.Options);

    private sealed class HalfOpenDue
    {
        public static readonly HalfOpenDue Instance = new();
    }

    private sealed class CheckProbes
    {
        public static readonly CheckProbes Instance = new();
    }
}
