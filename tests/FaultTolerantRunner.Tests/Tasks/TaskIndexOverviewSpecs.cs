using Akka.Actor;
using FaultTolerantRunner.Projections;
using FaultTolerantRunner.Tasks;
using FaultTolerantRunner.Taxonomy;
using FaultTolerantRunner.Tests.Support;
using Xunit.Abstractions;
using TaskStatus = FaultTolerantRunner.Tasks.TaskStatus;

namespace FaultTolerantRunner.Tests.Tasks;

/// <summary>
/// The index's overview for the dashboard: counts per state and throughput bars by event time, every bar present, the
/// window and bar clamped rather than refused, and an event read again by a re-scan counted once.
/// </summary>
public sealed class TaskIndexOverviewSpecs(ITestOutputHelper output) : SqliteSpec("index-overview", output)
{
    private static readonly TaskSpec Echo = TestSystems.Spec("echo");

    [Fact]
    public async Task Throughput_is_counted_in_the_bar_of_each_event_once_and_bars_without_events_are_zero()
    {
        // Every 100 ms, each new range read again at once and one tick later: each event reaches the index three times.
        var index = Sys.ActorOf(TaskIndex.Props(1_000, new RescanSchedule(TimeSpan.FromMilliseconds(100), [0, 1])));
        // Re-scans cover only what the live reader passes: events the catch-up read are not read again, so write after it.
        await AwaitAssertAsync(async () =>
            Assert.True((await index.Ask<TaskIndexProtocol.IndexStatus>(TaskIndexProtocol.GetIndexStatus.Instance, TimeSpan.FromSeconds(5))).CaughtUp),
            TimeSpan.FromSeconds(20), TimeSpan.FromMilliseconds(50));
        var minute = Minute(DateTimeOffset.UtcNow);
        await Write("ok", minute.AddMinutes(-10), new AttemptStarted(1, "n1", minute.AddMinutes(-10)),
            new AttemptSucceeded(1, "{}", 5, minute.AddMinutes(-10).AddSeconds(5)));
        await Write("bad", minute.AddMinutes(-3), new AttemptStarted(1, "n1", minute.AddMinutes(-3)),
            new AttemptFailed(1, Error(ErrorCategory.Transient), 5, minute.AddMinutes(-3).AddSeconds(6), minute.AddMinutes(-3).AddSeconds(5)),
            new AttemptStarted(2, "n1", minute.AddMinutes(-3).AddSeconds(6)),
            new AttemptFailed(2, Error(ErrorCategory.Permanent), 5, null, minute.AddMinutes(-3).AddSeconds(10)),
            new TaskFailed(Error(ErrorCategory.Permanent), minute.AddMinutes(-3).AddSeconds(10)));
        await Write("dlq", minute.AddMinutes(-1), new TaskDeadLettered(Error(ErrorCategory.Timeout), "retries exhausted", minute.AddMinutes(-1).AddSeconds(5)));
        await Write("open", minute.AddMinutes(-1), new AttemptStarted(1, "n1", minute.AddMinutes(-1)));
        await AwaitAssertAsync(async () =>
        {
            var status = await index.Ask<TaskIndexProtocol.IndexStatus>(TaskIndexProtocol.GetIndexStatus.Instance, TimeSpan.FromSeconds(5));
            Assert.True(status is { Tasks: 4, Rereads: >= 26 }, $"index has not read all 13 events again twice: {status}");
        }, TimeSpan.FromSeconds(20), TimeSpan.FromMilliseconds(50));

        var overview = await OverviewAsync(index, TimeSpan.FromMinutes(30), TimeSpan.FromMinutes(1));

        Assert.Equal(30, overview.Buckets.Count);
        Assert.All(overview.Buckets.Zip(overview.Buckets.Skip(1), (a, b) => b.Start - a.Start), gap => Assert.Equal(TimeSpan.FromMinutes(1), gap));
        Assert.InRange(DateTimeOffset.UtcNow - overview.Buckets[^1].Start, TimeSpan.Zero, TimeSpan.FromMinutes(1.5));
        var bars = overview.Buckets.ToDictionary(b => b.Start, b => (b.Succeeded, b.Failed, b.AttemptsFailed));
        Assert.Equal((1, 0, 0), bars[minute.AddMinutes(-10)]);
        Assert.Equal((0, 1, 2), bars[minute.AddMinutes(-3)]);
        Assert.Equal((0, 1, 0), bars[minute.AddMinutes(-1)]);
        Assert.Equal((0, 0, 0), bars[minute.AddMinutes(-5)]);
        Assert.Equal((1, 2, 2), (overview.Buckets.Sum(b => b.Succeeded), overview.Buckets.Sum(b => b.Failed), overview.Buckets.Sum(b => b.AttemptsFailed)));
        Assert.Equal(new Dictionary<TaskStatus, int> { [TaskStatus.Succeeded] = 1, [TaskStatus.Failed] = 1, [TaskStatus.DeadLettered] = 1, [TaskStatus.Running] = 1 },
            overview.Counts);
        Assert.Equal((1, 4, true), (overview.DeadLettered, overview.Total, overview.Complete));
    }

    [Fact]
    public async Task Window_and_bar_out_of_range_are_clamped_not_refused()
    {
        var index = Sys.ActorOf(TaskIndex.Props(1_000));

        var widest = await OverviewAsync(index, TimeSpan.FromDays(3), TimeSpan.Zero);
        var oneBar = await OverviewAsync(index, TimeSpan.FromMinutes(5), TimeSpan.FromHours(1));
        var negative = await OverviewAsync(index, TimeSpan.FromSeconds(-5), TimeSpan.MinValue);
        var extreme = await OverviewAsync(index, TimeSpan.MaxValue, TimeSpan.MaxValue);

        Assert.Equal(720, widest.Buckets.Count);
        Assert.Equal(TimeSpan.FromSeconds(10), widest.Buckets[1].Start - widest.Buckets[0].Start);
        Assert.Single(oneBar.Buckets);
        Assert.Single(negative.Buckets);
        Assert.Single(extreme.Buckets);
        Assert.All(widest.Buckets, b => Assert.Equal((0, 0, 0), (b.Succeeded, b.Failed, b.AttemptsFailed)));
    }

    private Task Write(string id, DateTimeOffset acceptedAt, params ITaskEvent[] events) =>
        EventWriter.PersistAsync(Sys, TaskIds.PersistenceId(id), [new TaskAccepted(id, Echo, acceptedAt), .. events]);

    private static DateTimeOffset Minute(DateTimeOffset at) => new(at.Ticks - at.Ticks % TimeSpan.TicksPerMinute, TimeSpan.Zero);

    private static TaskError Error(ErrorCategory category) => new("Test.Error", "it broke", category, Severity.Medium, null, null);

    private static Task<TaskIndexProtocol.Overview> OverviewAsync(IActorRef index, TimeSpan window, TimeSpan bucket) =>
        index.Ask<TaskIndexProtocol.Overview>(new TaskIndexProtocol.GetOverview(window, bucket), TimeSpan.FromSeconds(5));
}
