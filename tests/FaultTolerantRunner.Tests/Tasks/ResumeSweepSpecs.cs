using Akka.Actor;
using Akka.Cluster;
using Akka.Configuration;
using Akka.TestKit.Xunit2;
using FaultTolerantRunner.Tasks;
using FaultTolerantRunner.Tests.Support;
using Xunit.Abstractions;

namespace FaultTolerantRunner.Tests.Tasks;

/// <summary>
/// The resume sweep's wiring: what it asks the task index and what it sends the task region (a probe here). The node suite's
/// ResumeSweepTests show a stopped entity really coming back.
/// </summary>
public sealed class ResumeSweepSpecs : TestKit
{
    private static readonly TaskSpec Echo = TestSystems.Spec("echo");
    private readonly TempDatabase _database;

    public ResumeSweepSpecs(ITestOutputHelper output) : this(new TempDatabase(), output)
    {
    }

    private ResumeSweepSpecs(TempDatabase database, ITestOutputHelper output)
        : base(ConfigurationFactory.ParseString("""
                akka.actor.provider = cluster
                akka.remote.dot-netty.tcp { hostname = 127.0.0.1, port = 0 }
                """).WithFallback(TestSystems.Sqlite(database.Path)), "resume-sweep", output)
    {
        _database = database;
    }

    protected override void AfterAll()
    {
        base.AfterAll();
        _database.Dispose();
    }

    [Fact]
    public async Task Once_the_index_has_caught_up_every_unfinished_task_is_woken_on_any_member()
    {
        var at = DateTimeOffset.UtcNow;
        await EventWriter.PersistAsync(Sys, "task-done", new TaskAccepted("done", Echo, at), new AttemptStarted(1, "n1", at),
            new AttemptSucceeded(1, "ok", 5, at));
        await EventWriter.PersistAsync(Sys, "task-open", new TaskAccepted("open", Echo, at), new AttemptStarted(1, "n1", at));
        var region = CreateTestProbe();
        var index = Sys.ActorOf(TaskIndex.Props(1_000));

        // Not a cluster member at all, so not the oldest one: the wake-up at catch-up is every node's.
        Sys.ActorOf(ResumeSweep.Props(region, index, TimeSpan.FromHours(1)));

        Assert.Equal("open", (await region.ExpectMsgAsync<TaskProtocol.WakeTask>(TimeSpan.FromSeconds(20))).TaskId);
        await region.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(300));
    }

    [Fact]
    public async Task A_node_that_is_not_the_oldest_member_leaves_the_periodic_sweep_to_it()
    {
        await EventWriter.PersistAsync(Sys, "task-open", new TaskAccepted("open", Echo, DateTimeOffset.UtcNow));
        var region = CreateTestProbe();
        var index = Sys.ActorOf(TaskIndex.Props(1_000));

        Sys.ActorOf(ResumeSweep.Props(region, index, TimeSpan.FromMilliseconds(100)));

        await region.ExpectMsgAsync<TaskProtocol.WakeTask>(TimeSpan.FromSeconds(20));
        await region.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(600));
    }

    [Fact]
    public async Task The_oldest_member_wakes_unfinished_tasks_again_every_interval()
    {
        var at = DateTimeOffset.UtcNow;
        await EventWriter.PersistAsync(Sys, "task-open", new TaskAccepted("open", Echo, at));
        var cluster = Cluster.Get(Sys);
        await cluster.JoinAsync(cluster.SelfAddress);
        var region = CreateTestProbe();
        var index = Sys.ActorOf(TaskIndex.Props(1_000));

        Sys.ActorOf(ResumeSweep.Props(region, index, TimeSpan.FromMilliseconds(200)));

        // Once at catch-up, then once per tick.
        for (var i = 0; i < 3; i++) Assert.Equal("open", (await region.ExpectMsgAsync<TaskProtocol.WakeTask>(TimeSpan.FromSeconds(20))).TaskId);
    }
}
