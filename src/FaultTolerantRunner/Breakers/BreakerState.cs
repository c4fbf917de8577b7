using System.Collections.Immutable;

namespace FaultTolerantRunner.Breakers;

/// <summary>
/// A breaker's state machine, pure: <see cref="TryAcquire"/> decides whether a call may go out, <see cref="Record"/>
/// folds its outcome in. Closed → Open on the failure ratio over a time window (with a minimum throughput; slow calls
/// may count as failures); Open fast-fails until the break is over; HalfOpen lets a limited number of probes through,
/// closes after N consecutive successes and reopens, with a longer break, on any probe failure.
/// </summary>
public sealed record BreakerState(
    string Service,
    BreakerOptions Options,
    BreakerStatus Status,
    ImmutableQueue<BreakerState.Sample> Window,
    TimeSpan CurrentBreak,
    DateTimeOffset? HalfOpenAt,
    int ProbesInFlight,
    int ProbeSuccesses,
    bool Forced,
    ImmutableList<BreakerTransition> Transitions,
    int Calls = 0,
    int Failures = 0,
    DateTimeOffset? LastProbeAt = null,
    int Epoch = 0,
    long Version = 0,
    bool Manual = false,
    string? ChangedOn = null,
    string? ProbingOn = null)
{
    private const int KeptTransitions = 20;

    public static BreakerState Closed(string service, BreakerOptions options) =>
        new(service, options, BreakerStatus.Closed, ImmutableQueue<Sample>.Empty, options.BreakDuration, null, 0, 0, false, ImmutableList<BreakerTransition>.Empty);

    public double FailureRatio => Calls == 0 ? 0 : (double)Failures / Calls;

    /// <summary>
    /// Moves an open breaker whose break is over to half-open (the actor calls it from its timer, too), and takes over
    /// the probe of a half-open breaker whose prober on another node did not report in time.
    /// </summary>
    public BreakerState Advance(DateTimeOffset now) => (Status, Forced, HalfOpenAt, ProbingOn) switch
    {
        (BreakerStatus.Open, false, { } at, _) when now >= at =>
            Move(now, BreakerStatus.HalfOpen, $"break of {CurrentBreak.TotalSeconds:0.###} s over; probing") with { ProbesInFlight = 0, ProbeSuccesses = 0, Epoch = Epoch + 1, HalfOpenAt = null },
        (BreakerStatus.HalfOpen, _, { } at, { } prober) when now >= at =>
            Move(now, BreakerStatus.HalfOpen, $"no outcome from the probe on {prober}; probing here") with { ProbesInFlight = 0, ProbeSuccesses = 0, Epoch = Epoch + 1, HalfOpenAt = null },
        _ => this,
    };

    /// <summary>Half-open with a probe slot free here (or closed): a waiting caller may try now.</summary>
    public bool HasCapacity => Status == BreakerStatus.Closed || Status == BreakerStatus.HalfOpen && ProbingOn is null && ProbesInFlight < Options.HalfOpenProbes;

    /// <summary>The state as of <paramref name="now"/>: window pruned, overdue probe permits given back.</summary>
    public BreakerState At(DateTimeOffset now)
    {
        var state = Prune(now - Options.SamplingWindow);
        return state.Status == BreakerStatus.HalfOpen && state.ProbesInFlight > 0 && state.LastProbeAt is { } last && now - last > Options.ProbeTimeout
            ? state with { ProbesInFlight = 0 }
            : state;
    }

    /// <summary>May a call go out now? Open breakers whose break is over move to half-open here.</summary>
    public (Permission Permission, BreakerState State) TryAcquire(DateTimeOffset now)
    {
        var state = Advance(now).At(now);
        return state.Status switch
        {
            BreakerStatus.Closed => (Permission.Granted, state),
            BreakerStatus.HalfOpen when state.ProbingOn is null && state.ProbesInFlight < Options.HalfOpenProbes =>
                (Permission.Probe, state with { ProbesInFlight = state.ProbesInFlight + 1, LastProbeAt = now }),
            _ => (Permission.Denied, state),
        };
    }

    /// <summary>Folds in the outcome of a call that <see cref="TryAcquire"/> let through.</summary>
    /// <param name="epoch">For probes: the half-open round the permit was granted in; a report from an earlier round is ignored.</param>
    public BreakerState Record(DateTimeOffset now, CallOutcome outcome, TimeSpan took, bool probe, int? epoch = null)
    {
        if (probe && epoch is { } round && round != Epoch) return this;
        if (outcome == CallOutcome.Ignored)
            return probe && Status == BreakerStatus.HalfOpen ? this with { ProbesInFlight = Math.Max(0, ProbesInFlight - 1) } : this;
        var failed = outcome == CallOutcome.Failure || Options.SlowCallThreshold is { } slow && took > slow;

        if (Status == BreakerStatus.HalfOpen && probe)
        {
            var released = this with { ProbesInFlight = Math.Max(0, ProbesInFlight - 1) };
            if (failed)
            {
                var longer = TimeSpan.FromTicks(Math.Min(Options.MaxBreakDuration.Ticks, (long)(CurrentBreak.Ticks * Options.BreakGrowth)));
                return released.Open(now, longer, $"probe failed{(outcome == CallOutcome.Success ? $" (slow: {took.TotalMilliseconds:0} ms)" : "")}; break grows to {longer.TotalSeconds:0.###} s");
            }
            var successes = released.ProbeSuccesses + 1;
            return successes >= Options.SuccessesToClose
                ? released.Move(now, BreakerStatus.Closed, $"{successes} consecutive probe successes") with
                {
                    Window = ImmutableQueue<Sample>.Empty, Calls = 0, Failures = 0, CurrentBreak = Options.BreakDuration, HalfOpenAt = null, ProbeSuccesses = 0,
                }
                : released with { ProbeSuccesses = successes };
        }

        if (Status != BreakerStatus.Closed) return this; // a late report from before the breaker opened

        // Counts are kept with the window, so a busy service costs O(1) per call, not a scan of the window.
        var next = (this with { Window = Window.Enqueue(new Sample(now, failed)), Calls = Calls + 1, Failures = Failures + (failed ? 1 : 0) })
            .Prune(now - Options.SamplingWindow);
        return next.Calls >= Options.MinimumThroughput && next.FailureRatio >= Options.FailureRatio
            ? next.Open(now, Options.BreakDuration,
                $"failure ratio {next.FailureRatio:P0} over {next.Calls} calls in {Options.SamplingWindow.TotalSeconds:0} s (threshold {Options.FailureRatio:P0}, minimum {Options.MinimumThroughput} calls)")
            : next;
    }

    /// <summary>An operator forces the breaker open; it stays open until <see cref="Reset"/>.</summary>
    public BreakerState Trip(DateTimeOffset now, string reason) =>
        Move(now, BreakerStatus.Open, $"tripped: {reason}") with { Forced = true, HalfOpenAt = null, ProbesInFlight = 0, Manual = true };

    public BreakerState Reset(DateTimeOffset now, string reason) => Closing(Move(now, BreakerStatus.Closed, $"reset: {reason}")) with { Manual = true };

    /// <summary>
    /// Takes on the cluster's record of this breaker, written by <paramref name="record"/>'s node (the caller checked it
    /// supersedes what this node knew). Open: fast-fail here; the writer owns the next probe, this node waits one probe
    /// timeout longer before it probes itself (the writer may have left). HalfOpen elsewhere: keep fast-failing until
    /// the probe's outcome arrives, or take the probe over if none arrives within twice the probe timeout.
    /// </summary>
    public BreakerState Adopt(BreakerRecord record, DateTimeOffset now, string self)
    {
        var here = record.Node == self;
        var verb = record.Status switch { BreakerStatus.Open => "opened", BreakerStatus.HalfOpen => "half-opened", _ => "closed" };
        var moved = Move(now, record.Status, $"{verb} on {record.Node}: {record.Reason}") with
        {
            Version = record.Version, Manual = record.Manual, ChangedOn = record.Node, Forced = record.Forced, CurrentBreak = record.CurrentBreak,
            ProbesInFlight = 0, ProbeSuccesses = 0, Epoch = Epoch + 1, LastProbeAt = null,
        };
        return record.Status switch
        {
            BreakerStatus.Open => moved with { HalfOpenAt = record.Forced ? null : record.HalfOpenAt + (here ? TimeSpan.Zero : Options.ProbeTimeout) },
            BreakerStatus.HalfOpen => moved with { ProbingOn = here ? null : record.Node, HalfOpenAt = here ? null : record.At + 2 * Options.ProbeTimeout },
            _ => Closing(moved),
        };
    }

    private BreakerState Closing(BreakerState state) => state with
    {
        Forced = false, Window = ImmutableQueue<Sample>.Empty, Calls = 0, Failures = 0, CurrentBreak = Options.BreakDuration, HalfOpenAt = null, ProbesInFlight = 0, ProbeSuccesses = 0,
    };

    private BreakerState Open(DateTimeOffset now, TimeSpan breakFor, string reason) =>
        Move(now, BreakerStatus.Open, reason) with { CurrentBreak = breakFor, HalfOpenAt = now + breakFor, ProbesInFlight = 0, ProbeSuccesses = 0 };

    private BreakerState Move(DateTimeOffset now, BreakerStatus to, string reason)
    {
        var transitions = Transitions.Add(new BreakerTransition(now, Status, to, reason));
        if (transitions.Count > KeptTransitions) transitions = transitions.RemoveRange(0, transitions.Count - KeptTransitions);
        // Every transition is a new version of the breaker; what it was adopted from (node, manual, prober) is set by the caller.
        return this with { Status = to, Transitions = transitions, Version = Version + 1, Manual = false, ChangedOn = null, ProbingOn = null };
    }

    private BreakerState Prune(DateTimeOffset oldest)
    {
        var (window, calls, failures) = (Window, Calls, Failures);
        while (!window.IsEmpty && window.Peek().At < oldest)
        {
            if (window.Peek().Failed) failures--;
            calls--;
            window = window.Dequeue();
        }
        return this with { Window = window, Calls = calls, Failures = failures };
    }

    public readonly record struct Sample(DateTimeOffset At, bool Failed);

    public enum Permission
    {
        Granted,
        Probe,
        Denied,
    }
}
