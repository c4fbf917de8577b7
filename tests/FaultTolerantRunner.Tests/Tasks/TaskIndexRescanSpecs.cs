using Akka.Actor;
using FaultTolerantRunner.Projections;
using FaultTolerantRunner.Tasks;
using FaultTolerantRunner.Tests.Support;
using Xunit.Abstractions;
using TaskStatus = FaultTolerantRunner.Tasks.TaskStatus;

namespace FaultTolerantRunner.Tests.Tasks;

/// <summary>
/// The task index reads again what its live reader has passed, to find events committed after the reader gave their gap
/// up (PostgreSQL: see PostgresTagGapTests in the chaos suite). Reading an event twice must change nothing: a re-read
/// acceptance of a finished task would otherwise list it as Accepted again.
/// </summary>
public sealed class TaskIndexRescanSpecs(ITestOutputHelper output) : SqliteSpec("index-rescan", output)
{
    private static readonly TaskSpec Echo = TestSystems.Spec("echo");

    [Fact]
    public async Task Events_read_again_by_a_rescan_leave_every_task_as_it_was()
    {
        // Every 100 ms, each new range read again at once and one tick later: every event is read three times in all.
        var index = Sys.ActorOf(TaskIndex.Props(1_000, new RescanSchedule(TimeSpan.FromMilliseconds(100), [0, 1])));
        await StatusAsync(index, s => s.CaughtUp, "caught up");
        var at = DateTimeOffset.UtcNow;
        await EventWriter.PersistAsync(Sys, "task-done", new TaskAccepted("done", Echo, at), new AttemptStarted(1, "n1", at),
            new AttemptSucceeded(1, "ok", 5, at.AddMilliseconds(5)));
        await EventWriter.PersistAsync(Sys, "task-open", new TaskAccepted("open", Echo, at), new AttemptStarted(1, "n1", at));

        var status = await StatusAsync(index, s => s.Rereads >= 10, "all five events read again twice");
        Assert.Equal(0, status.LateEvents);
        Assert.Equal(2, status.Tasks);
        Assert.Equal(1, status.Unfinished);
        var tasks = (await index.Ask<TaskIndexProtocol.TaskList>(new TaskIndexProtocol.ListTasks(TaskFilter.All, 0, 10), TimeSpan.FromSeconds(5)))
            .Items.ToDictionary(t => t.Id);
        Assert.Equal((TaskStatus.Succeeded, 1), (tasks["done"].Status, tasks["done"].Attempts));
        Assert.Equal((TaskStatus.Running, 1), (tasks["open"].Status, tasks["open"].Attempts));
    }

    private async Task<TaskIndexProtocol.IndexStatus> StatusAsync(IActorRef index, Func<TaskIndexProtocol.IndexStatus, bool> until, string what)
    {
        TaskIndexProtocol.IndexStatus? last = null;
        await AwaitAssertAsync(async () =>
        {
            last = await index.Ask<TaskIndexProtocol.IndexStatus>(TaskIndexProtocol.GetIndexStatus.Instance, TimeSpan.FromSeconds(5));
            Assert.True(until(last), $"index not {what}: {last}");
        }, TimeSpan.FromSeconds(20), TimeSpan.FromMilliseconds(50));
        return last!;
    }
}
