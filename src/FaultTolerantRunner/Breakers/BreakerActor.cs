using Akka.Actor;
using Akka.Event;
using FaultTolerantRunner.Telemetry;

namespace FaultTolerantRunner.Breakers;

/// <summary>
/// The breaker of one guarded service on this node. It carries out <see cref="BreakerState"/>: answers permits,
/// folds in call outcomes, moves to half-open on a timer, wakes tasks waiting for the service, adopts the cluster's
/// record of the breaker, and tells its parent about every transition (logged, counted, and — when it happened
/// here — written to the cluster's <see cref="BreakerBook"/>).
/// </summary>
public sealed class BreakerActor : ReceiveActor, IWithTimers
{
    private readonly TimeProvider _clock;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly HashSet<IActorRef> _waiters = new();
    private readonly string _node;
    private BreakerState _state;

    /// <param name="node">This node's address as the cluster's records name it (the system name when not clustered).</param>
    public BreakerActor(string service, BreakerOptions options, TimeProvider clock, string node = "")
    {
        _clock = clock;
        _node = node;
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
        Receive<BreakerProtocol.Adopt>(adopt => Apply(_state.Adopt(adopt.Record, Now, _node), remote: true));
        Receive<HalfOpenDue>(_ => Apply(_state.Advance(Now)));
        Receive<CheckProbes>(_ =>
        {
            Apply(_state.At(Now));
            WakeIfCapacity();
        });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(string service, BreakerOptions options, TimeProvider clock, string node = "") =>
        Akka.Actor.Props.Create(() => new BreakerActor(service, options, clock, node));

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
        Context.Parent.Tell(new BreakerRegistry.Transitioned(next.Service, transition.To, remote ? null : BreakerRecord.Of(next, _node)));

        // Open: half-open when the break is over. Half-open with the probe on another node: take the probe over if it says nothing.
        if ((next.Status == BreakerStatus.Open && !next.Forced || next.Status == BreakerStatus.HalfOpen && next.ProbingOn is not null) && next.HalfOpenAt is { } at)
            Timers.StartSingleTimer("half-open", HalfOpenDue.Instance, at - Now > TimeSpan.Zero ? at - Now : TimeSpan.Zero);
        else Timers.Cancel("half-open");

        // Half-open: re-check now and then, so probe permits that were never reported are given back.
        if (next.Status == BreakerStatus.HalfOpen && next.ProbingOn is null) Timers.StartPeriodicTimer("probes", CheckProbes.Instance, next.Options.ProbeTimeout / 4 + TimeSpan.FromMilliseconds(1));
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
        var s = _state;
        return new(s.Service, s.Status, s.Forced, s.Calls, s.Failures, s.FailureRatio, s.Forced || s.Status != BreakerStatus.Open ? null : s.HalfOpenAt,
            s.CurrentBreak.TotalSeconds, s.Transitions, s.Options, s.Version, s.ChangedOn ?? _node, s.ProbingOn);
    }

    private sealed class HalfOpenDue
    {
        public static readonly HalfOpenDue Instance = new();
    }

    private sealed class CheckProbes
    {
        public static readonly CheckProbes Instance = new();
    }
}
