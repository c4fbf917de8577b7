using FaultTolerantRunner.Breakers;
using Permission = FaultTolerantRunner.Breakers.BreakerState.Permission;

namespace FaultTolerantRunner.Tests.Breakers;

/// <summary>A node taking on the cluster's record of a breaker: same state everywhere, one prober cluster-wide.</summary>
public sealed class BreakerAdoptionSpecs
{
    private const string Here = "akka.tcp://ftr@127.0.0.1:2", There = "akka.tcp://ftr@127.0.0.1:1";
    private static readonly DateTimeOffset T0 = new(2026, 12, 3, 9, 0, 0, TimeSpan.Zero);
    private static readonly BreakerOptions Options = new()
    {
        FailureRatio = 0.5, MinimumThroughput = 2, BreakDuration = TimeSpan.FromSeconds(10), MaxBreakDuration = TimeSpan.FromSeconds(60),
        HalfOpenProbes = 1, SuccessesToClose = 1, ProbeTimeout = TimeSpan.FromSeconds(5),
    };

    [Fact]
    public void A_node_that_joins_learns_a_manual_trip_and_keeps_it_until_reset()
    {
        var tripped = BreakerRecord.Of(Fresh().Trip(T0, "maintenance"), There) with { Version = 7 };

        var state = Fresh().Adopt(tripped, T0.AddSeconds(1), Here);

        Assert.Equal((BreakerStatus.Open, true, 7L, There), (state.Status, state.Forced, state.Version, state.ChangedOn));
        Assert.Equal(Permission.Denied, state.TryAcquire(T0.AddHours(2)).Permission); // no expiry after MaxBreakDuration
        Assert.Equal("opened on akka.tcp://ftr@127.0.0.1:1: tripped: maintenance", state.Transitions[^1].Reason);
    }

    [Fact]
    public void The_node_that_opened_probes_first_and_the_others_only_if_it_stays_silent()
    {
        var openedThere = BreakerRecord.Of(Failures(Fresh(), 2, T0), There);
        Assert.Equal(T0.AddSeconds(10), openedThere.HalfOpenAt);

        var here = Fresh().Adopt(openedThere, T0, Here);

        Assert.Equal(Permission.Denied, here.TryAcquire(T0.AddSeconds(10)).Permission);
        Assert.Equal(Permission.Probe, here.TryAcquire(T0.AddSeconds(15)).Permission); // one probe timeout of grace
    }

    [Fact]
    public void While_another_node_probes_this_one_fast_fails_and_has_no_capacity()
    {
        var probingThere = Record(BreakerStatus.HalfOpen, 2, T0.AddSeconds(10), There);

        var here = Fresh().Adopt(probingThere, T0.AddSeconds(10), Here);

        Assert.Equal((BreakerStatus.HalfOpen, There), (here.Status, here.ProbingOn));
        Assert.False(here.HasCapacity);
        Assert.Equal(Permission.Denied, here.TryAcquire(T0.AddSeconds(19)).Permission);
    }

    [Fact]
    public void A_probe_that_never_reports_is_taken_over_after_twice_the_probe_timeout()
    {
        var here = Fresh().Adopt(Record(BreakerStatus.HalfOpen, 2, T0, There), T0, Here);

        var (permission, next) = here.TryAcquire(T0.AddSeconds(10));

        Assert.Equal(Permission.Probe, permission);
        Assert.Null(next.ProbingOn);
        Assert.Equal(3, next.Version);
        Assert.True(BreakerRecord.Of(next, Here).Supersedes(Record(BreakerStatus.HalfOpen, 2, T0, There)));
        Assert.Contains("no outcome from the probe on " + There, next.Transitions[^1].Reason);
    }

    [Fact]
    public void The_probes_outcome_from_elsewhere_closes_here_and_frees_waiters()
    {
        var here = Fresh().Adopt(Record(BreakerStatus.HalfOpen, 2, T0, There), T0, Here)
            .Adopt(Record(BreakerStatus.Closed, 3, T0.AddSeconds(1), There), T0.AddSeconds(1), Here);

        Assert.True(here.HasCapacity);
        Assert.Equal(Permission.Granted, here.TryAcquire(T0.AddSeconds(1)).Permission);
        Assert.Equal(Options.BreakDuration, here.CurrentBreak);
    }

    [Fact]
    public void A_probe_permit_granted_before_an_adopted_record_is_ignored_when_it_reports()
    {
        var (_, probing) = Fresh().Trip(T0, "x").Reset(T0, "y").Adopt(Record(BreakerStatus.Open, 3, T0, Here), T0, Here).TryAcquire(T0.AddSeconds(31));
        var round = probing.Epoch;

        var adopted = probing.Adopt(Record(BreakerStatus.Closed, 5, T0.AddSeconds(31), There), T0.AddSeconds(31), Here);

        Assert.Same(adopted, adopted.Record(T0.AddSeconds(32), CallOutcome.Failure, TimeSpan.Zero, probe: true, round));
    }

    [Fact]
    public void A_transition_after_adopting_carries_the_next_epoch()
    {
        var here = Fresh().Adopt(Record(BreakerStatus.Closed, 9, T0, There), T0, Here);

        var opened = Failures(here, 2, T0.AddSeconds(1));

        Assert.Equal(10, opened.Version);
        var record = BreakerRecord.Of(opened, Here);
        Assert.Equal((BreakerStatus.Open, false, Here), (record.Status, record.Manual, record.Node));
        Assert.True(BreakerRecord.Of(opened.Reset(T0.AddSeconds(2), "ok"), Here).Manual);
    }

    private static BreakerState Fresh() => BreakerState.Closed("svc", Options);

    private static BreakerState Failures(BreakerState state, int count, DateTimeOffset at)
    {
        for (var i = 0; i < count; i++) state = state.Record(at, CallOutcome.Failure, TimeSpan.FromMilliseconds(5), probe: false);
        return state;
    }

    private static BreakerRecord Record(BreakerStatus status, long version, DateTimeOffset at, string node) =>
        new("svc", status, version, at, node, false, false, status == BreakerStatus.Open ? at.AddSeconds(30) : null, TimeSpan.FromSeconds(30), "because");
}
