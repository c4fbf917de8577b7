using Akka.Actor;
using Akka.TestKit.Xunit2;
using FaultTolerantRunner.Breakers;

namespace FaultTolerantRunner.Tests.Breakers;

public sealed class BreakerActorSpecs : TestKit
{
    private static readonly BreakerOptions Options = new()
    {
        MinimumThroughput = 1, FailureRatio = 1, BreakDuration = TimeSpan.FromMilliseconds(200),
        HalfOpenProbes = 1, SuccessesToClose = 2, ProbeTimeout = TimeSpan.FromMilliseconds(400),
    };

    [Fact]
    public void Waiting_callers_are_woken_when_a_probe_slot_frees_even_if_the_breaker_stays_half_open()
    {
        var breaker = Sys.ActorOf(BreakerActor.Props("svc", Options, TimeProvider.System));
        breaker.Tell(new BreakerProtocol.Report("svc", CallOutcome.Failure, TimeSpan.Zero, false));
        var first = CreateTestProbe();
        var second = CreateTestProbe();
        breaker.Tell(new BreakerProtocol.Watch("svc", first.Ref));
        breaker.Tell(new BreakerProtocol.Watch("svc", second.Ref));

        first.ExpectMsg<BreakerProtocol.ServiceMayBeAvailable>(TimeSpan.FromSeconds(3));
        second.ExpectMsg<BreakerProtocol.ServiceMayBeAvailable>(TimeSpan.FromSeconds(3));
        breaker.Tell(new BreakerProtocol.Acquire("svc"), first.Ref);
        Assert.True(first.ExpectMsg<BreakerProtocol.Permit>().Probe);
        breaker.Tell(new BreakerProtocol.Acquire("svc"), second.Ref);
        second.ExpectMsg<BreakerProtocol.Rejected>();
        breaker.Tell(new BreakerProtocol.Watch("svc", second.Ref));
        second.ExpectNoMsg(TimeSpan.FromMilliseconds(100)); // the only slot is taken

        breaker.Tell(new BreakerProtocol.Report("svc", CallOutcome.Success, TimeSpan.Zero, true)); // 1 of 2: still half-open

        second.ExpectMsg<BreakerProtocol.ServiceMayBeAvailable>();
        breaker.Tell(new BreakerProtocol.Acquire("svc"), second.Ref);
        Assert.True(second.ExpectMsg<BreakerProtocol.Permit>().Probe);
    }

    [Fact]
    public void A_probe_permit_that_is_never_reported_is_given_back_after_the_probe_timeout()
    {
        var breaker = Sys.ActorOf(BreakerActor.Props("svc", Options, TimeProvider.System));
        breaker.Tell(new BreakerProtocol.Report("svc", CallOutcome.Failure, TimeSpan.Zero, false));
        var caller = CreateTestProbe();

        Assert.True(AcquireUntilPermitted(breaker, caller).Probe);
        // The probe's caller vanishes without reporting. Later callers are rejected only until the permit times out
        // (the rejection itself is timing-dependent here; BreakerStateTests pins it with a fake clock).
        Assert.True(AcquireUntilPermitted(breaker, caller).Probe);
    }

    /// <summary>Asks again after every rejection (each ask gets exactly one answer, so none is mistaken for another's) until permitted.</summary>
    private static BreakerProtocol.Permit AcquireUntilPermitted(IActorRef breaker, Akka.TestKit.TestProbe caller)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (DateTime.UtcNow < deadline)
        {
            breaker.Tell(new BreakerProtocol.Acquire("svc"), caller.Ref);
            if (caller.ExpectMsg<object>(TimeSpan.FromSeconds(5)) is BreakerProtocol.Permit permit) return permit;
            caller.ExpectNoMsg(TimeSpan.FromMilliseconds(50));
        }
        throw new Xunit.Sdk.XunitException("the breaker never gave a permit within 15 s");
    }
}
