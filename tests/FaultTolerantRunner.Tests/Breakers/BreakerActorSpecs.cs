using Akka.Actor;
using Akka.TestKit.Xunit2;
using FaultTolerantRunner.Breakers;

namespace FaultTolerantRunner.Tests.Breakers;

/// <summary>The breaker actor's timers and wake-ups on manual time: every delay passes only when the spec advances it.</summary>
public sealed class BreakerActorSpecs : TestKit
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(1);
    private static readonly BreakerOptions Options = new()
    {
        MinimumThroughput = 1, FailureRatio = 1, BreakDuration = TimeSpan.FromMilliseconds(200),
        HalfOpenProbes = 1, SuccessesToClose = 2, ProbeTimeout = TimeSpan.FromMilliseconds(400),
    };

    private readonly ManualTime _time;

    public BreakerActorSpecs() : base(ManualTime.Config) => _time = new ManualTime(Sys);

    [Fact]
    public void Waiting_callers_are_woken_when_the_break_ends_and_when_a_probe_slot_frees_even_if_the_breaker_stays_half_open()
    {
        var breaker = OpenedBreaker();
        var first = CreateTestProbe();
        var second = CreateTestProbe();
        breaker.Tell(new BreakerProtocol.Watch("svc", first.Ref));
        breaker.Tell(new BreakerProtocol.Watch("svc", second.Ref));

        _time.Advance(Options.BreakDuration - Tick);
        Assert.Equal(BreakerStatus.Open, StatusOf(breaker));
        first.ExpectNoMsg(TimeSpan.Zero); // the break is not over yet
        _time.Advance(Tick);
        first.ExpectMsg<BreakerProtocol.ServiceMayBeAvailable>();
        second.ExpectMsg<BreakerProtocol.ServiceMayBeAvailable>();

        breaker.Tell(new BreakerProtocol.Acquire("svc"), first.Ref);
        var probe = first.ExpectMsg<BreakerProtocol.Permit>();
        Assert.True(probe.Probe);
        breaker.Tell(new BreakerProtocol.Acquire("svc"), second.Ref);
        second.ExpectMsg<BreakerProtocol.Rejected>();
        breaker.Tell(new BreakerProtocol.Watch("svc", second.Ref));
        Assert.Equal(BreakerStatus.HalfOpen, StatusOf(breaker));
        second.ExpectNoMsg(TimeSpan.Zero); // the only slot is taken

        breaker.Tell(new BreakerProtocol.Report("svc", CallOutcome.Success, TimeSpan.Zero, true, probe.Epoch)); // 1 of 2: still half-open

        second.ExpectMsg<BreakerProtocol.ServiceMayBeAvailable>();
        Assert.Equal(BreakerStatus.HalfOpen, StatusOf(breaker));
        breaker.Tell(new BreakerProtocol.Acquire("svc"), second.Ref);
        Assert.True(second.ExpectMsg<BreakerProtocol.Permit>().Probe);
    }

    [Fact]
    public void A_probe_permit_that_is_never_reported_is_given_back_after_the_probe_timeout_and_a_waiter_is_woken()
    {
        var breaker = OpenedBreaker();
        _time.Advance(Options.BreakDuration);
        var vanishing = CreateTestProbe();
        var waiter = CreateTestProbe();
        breaker.Tell(new BreakerProtocol.Acquire("svc"), vanishing.Ref);
        Assert.True(vanishing.ExpectMsg<BreakerProtocol.Permit>().Probe);

        // The probe's caller never reports: up to the probe timeout its slot stays taken.
        _time.Advance(Options.ProbeTimeout);
        breaker.Tell(new BreakerProtocol.Acquire("svc"), waiter.Ref);
        waiter.ExpectMsg<BreakerProtocol.Rejected>();
        breaker.Tell(new BreakerProtocol.Watch("svc", waiter.Ref));
        Assert.Equal(BreakerStatus.HalfOpen, StatusOf(breaker));
        waiter.ExpectNoMsg(TimeSpan.Zero);

        // Past it, the breaker's own check gives the permit back and wakes the waiter, whose probe is then granted.
        _time.Advance(Options.ProbeTimeout);
        waiter.ExpectMsg<BreakerProtocol.ServiceMayBeAvailable>();
        breaker.Tell(new BreakerProtocol.Acquire("svc"), waiter.Ref);
        Assert.True(waiter.ExpectMsg<BreakerProtocol.Permit>().Probe);
    }

    /// <summary>A breaker opened by one failure; once this returns its half-open timer is scheduled.</summary>
    private IActorRef OpenedBreaker()
    {
        var breaker = Sys.ActorOf(BreakerActor.Props("svc", Options, _time.Clock));
        breaker.Tell(new BreakerProtocol.Report("svc", CallOutcome.Failure, TimeSpan.Zero, false));
        Assert.Equal(BreakerStatus.Open, StatusOf(breaker));
        return breaker;
    }

    /// <summary>The breaker's status; its reply also means every message sent to it before was handled.</summary>
    private BreakerStatus StatusOf(IActorRef breaker)
    {
        breaker.Tell(new BreakerProtocol.GetBreaker("svc"));
        return ExpectMsg<BreakerProtocol.BreakerView>().Status;
    }
}
