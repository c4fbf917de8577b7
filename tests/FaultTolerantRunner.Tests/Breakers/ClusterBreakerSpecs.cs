using Akka.Actor;
using Akka.Cluster;
using Akka.Configuration;
using Akka.TestKit.Xunit2;
using FaultTolerantRunner.Breakers;

namespace FaultTolerantRunner.Tests.Breakers;

/// <summary>A two-node in-process cluster: breaker states replicate through the book, to late joiners too.</summary>
public sealed class ClusterBreakerSpecs() : TestKit(NodeConfig, "ftr")
{
    private static readonly Config NodeConfig = ConfigurationFactory.ParseString("""
        akka.actor.provider = cluster
        akka.remote.dot-netty.tcp.hostname = 127.0.0.1
        akka.remote.dot-netty.tcp.port = 0
        akka.cluster.pub-sub.gossip-interval = 200ms
        akka.loglevel = INFO
        akka.test.single-expect-default = 10s
        """).WithFallback(FaultTolerantRunner.Hosting.RunnerHocon.Standalone(Persistence.PersistenceOptions.Sqlite(":memory:"))); // for FTR's serializer bindings

    [Fact]
    public async Task A_breaker_opened_on_one_node_fast_fails_on_the_other()
    {
        var b = ActorSystem.Create("ftr", NodeConfig);
        try
        {
            var clusterA = Cluster.Get(Sys);
            clusterA.Join(clusterA.SelfAddress);
            Cluster.Get(b).Join(clusterA.SelfAddress);
            AwaitAssert(() => Assert.Equal(2, clusterA.State.Members.Count(m => m.Status == MemberStatus.Up)), TimeSpan.FromSeconds(20));

            var options = new BreakerOptions { MinimumThroughput = 2, FailureRatio = 0.5, BreakDuration = TimeSpan.FromSeconds(30) };
            var settings = new BreakerSettings(options, new Dictionary<string, BreakerOptions>());
            var onA = Sys.ActorOf(BreakerRegistry.Props(settings, TimeProvider.System, new BreakerGauges()), BreakerRegistry.Name);
            var onB = b.ActorOf(BreakerRegistry.Props(settings, TimeProvider.System, new BreakerGauges()), BreakerRegistry.Name);
            var probeB = new Akka.TestKit.TestProbe(b, new XunitAssertions());

            // Make sure B's subscription has reached A before A opens (pub-sub is eventually consistent).
            onB.Tell(new BreakerProtocol.Acquire("payments"), probeB);
            probeB.ExpectMsg<BreakerProtocol.Permit>(); // closed on B before anything happens on A
            for (var i = 0; i < 2; i++) onA.Tell(new BreakerProtocol.Report("payments", CallOutcome.Failure, TimeSpan.FromMilliseconds(5), false));
            onA.Tell(new BreakerProtocol.GetBreaker("payments"));
            Assert.Equal(BreakerStatus.Open, ExpectMsg<BreakerProtocol.BreakerView>().Status);

            probeB.AwaitAssert(() =>
            {
                onB.Tell(new BreakerProtocol.Acquire("payments"), probeB);
                var rejected = probeB.ExpectMsg<BreakerProtocol.Rejected>(TimeSpan.FromSeconds(1));
                Assert.StartsWith("opened on akka.tcp://ftr@", rejected.Reason);
            }, TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(100));
        }
        finally
        {
            await b.Terminate();
        }
    }

    [Fact]
    public async Task A_node_that_joins_late_learns_a_trip_and_its_reset_closes_the_breaker_everywhere()
    {
        var settings = new BreakerSettings(new BreakerOptions(), new Dictionary<string, BreakerOptions>());
        var clusterA = Cluster.Get(Sys);
        clusterA.Join(clusterA.SelfAddress);
        AwaitAssert(() => Assert.Equal(MemberStatus.Up, clusterA.SelfMember.Status), TimeSpan.FromSeconds(20));
        var onA = Sys.ActorOf(BreakerRegistry.Props(settings, TimeProvider.System, new BreakerGauges()), BreakerRegistry.Name);
        onA.Tell(new BreakerProtocol.Trip("ledger", "maintenance"));
        Assert.True(ExpectMsg<BreakerProtocol.BreakerView>().Forced);

        var b = ActorSystem.Create("ftr", NodeConfig);
        try
        {
            Cluster.Get(b).Join(clusterA.SelfAddress);
            var onB = b.ActorOf(BreakerRegistry.Props(settings, TimeProvider.System, new BreakerGauges()), BreakerRegistry.Name);
            var probeB = new Akka.TestKit.TestProbe(b, new XunitAssertions());

            // B never saw the trip happen: it learns it from the book's gossip when it joins.
            probeB.AwaitAssert(() =>
            {
                onB.Tell(new BreakerProtocol.GetBreaker("ledger"), probeB);
                var view = probeB.ExpectMsg<BreakerProtocol.BreakerView>(TimeSpan.FromSeconds(1));
                Assert.Equal((BreakerStatus.Open, true, clusterA.SelfAddress.ToString()), (view.Status, view.Forced, view.ChangedBy));
            }, TimeSpan.FromSeconds(20), TimeSpan.FromMilliseconds(200));

            onB.Tell(new BreakerProtocol.Reset("ledger", "by operator"), probeB);
            var reset = probeB.ExpectMsg<BreakerProtocol.BreakerView>();
            AwaitAssert(() =>
            {
                onA.Tell(new BreakerProtocol.GetBreaker("ledger"));
                var view = ExpectMsg<BreakerProtocol.BreakerView>(TimeSpan.FromSeconds(1));
                Assert.Equal((BreakerStatus.Closed, false, reset.Epoch), (view.Status, view.Forced, view.Epoch));
                Assert.Equal($"closed on {Cluster.Get(b).SelfAddress}: reset: by operator", view.Transitions[^1].Reason);
            }, TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(100));
        }
        finally
        {
            await b.Terminate();
        }
    }

    [Fact]
    public async Task Only_the_node_that_opened_probes_and_the_other_fast_fails_until_the_probe_closes_the_breaker()
    {
        var options = new BreakerOptions { MinimumThroughput = 2, FailureRatio = 0.5, BreakDuration = TimeSpan.FromSeconds(1), SuccessesToClose = 1, ProbeTimeout = TimeSpan.FromSeconds(20) };
        var settings = new BreakerSettings(options, new Dictionary<string, BreakerOptions>());
        var b = ActorSystem.Create("ftr", NodeConfig);
        try
        {
            var clusterA = Cluster.Get(Sys);
            clusterA.Join(clusterA.SelfAddress);
            Cluster.Get(b).Join(clusterA.SelfAddress);
            AwaitAssert(() => Assert.Equal(2, clusterA.State.Members.Count(m => m.Status == MemberStatus.Up)), TimeSpan.FromSeconds(20));
            var onA = Sys.ActorOf(BreakerRegistry.Props(settings, TimeProvider.System, new BreakerGauges()), BreakerRegistry.Name);
            var onB = b.ActorOf(BreakerRegistry.Props(settings, TimeProvider.System, new BreakerGauges()), BreakerRegistry.Name);
            var probeB = new Akka.TestKit.TestProbe(b, new XunitAssertions());

            for (var i = 0; i < 2; i++) onA.Tell(new BreakerProtocol.Report("inventory", CallOutcome.Failure, TimeSpan.FromMilliseconds(5), false));
            // The break is over after 1 s; A (which opened) takes the one probe and B learns that A is probing.
            BreakerProtocol.Permit permit = null!;
            AwaitAssert(() =>
            {
                onA.Tell(new BreakerProtocol.Acquire("inventory"));
                permit = ExpectMsg<BreakerProtocol.Permit>(TimeSpan.FromSeconds(1));
            }, TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(100));
            Assert.True(permit.Probe);
            probeB.AwaitAssert(() =>
            {
                onB.Tell(new BreakerProtocol.GetBreaker("inventory"), probeB);
                Assert.Equal(clusterA.SelfAddress.ToString(), probeB.ExpectMsg<BreakerProtocol.BreakerView>(TimeSpan.FromSeconds(1)).ProbingOn);
            }, TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(100));
            onB.Tell(new BreakerProtocol.Acquire("inventory"), probeB);
            Assert.Equal(BreakerStatus.HalfOpen, probeB.ExpectMsg<BreakerProtocol.Rejected>().Status);

            onA.Tell(new BreakerProtocol.Report("inventory", CallOutcome.Success, TimeSpan.FromMilliseconds(5), true, permit.Epoch));
            probeB.AwaitAssert(() =>
            {
                onB.Tell(new BreakerProtocol.Acquire("inventory"), probeB);
                Assert.False(probeB.ExpectMsg<BreakerProtocol.Permit>(TimeSpan.FromSeconds(1)).Probe);
            }, TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(100));
        }
        finally
        {
            await b.Terminate();
        }
    }
}
