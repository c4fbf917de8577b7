using Akka.TestKit.Xunit2;
using FaultTolerantRunner.Tasks;
using FaultTolerantRunner.Tests.Support;
using FaultTolerantRunner.Tools;

namespace FaultTolerantRunner.Tests.Tasks;

/// <summary>Progress reports through the real runner: validated at the call, throttled, the held one flushed before the outcome.</summary>
public sealed class ProgressRunnerSpecs : TestKit
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private static AttemptContext Context(AttemptProgress? progress = null) =>
        new("t", 1, "tool", ToolParameters.Parse("{}"), null, Timeout, TimeSpan.Zero, progress: progress);

    [Theory]
    [InlineData(-0.1, null, null, "percent")]
    [InlineData(100.5, null, null, "percent")]
    [InlineData(double.NaN, null, null, "percent")]
    [InlineData(double.PositiveInfinity, null, null, "percent")]
    [InlineData(50, 201, null, "message")]
    [InlineData(50, null, 17, "checkpoint")]
    public async Task A_value_out_of_bounds_throws_naming_the_argument(double percent, int? messageLength, int? checkpointBytes, string argument)
    {
        var context = Context(new AttemptProgress(_ => { }, null, MaxCheckpointBytes: 16));

        var error = await Assert.ThrowsAnyAsync<ArgumentException>(() => context.ReportProgressAsync(percent,
            messageLength is { } m ? new string('m', m) : null, checkpointBytes is { } c ? new string('c', c) : null));

        Assert.Equal(argument, error.ParamName);
    }

    [Fact]
    public async Task Bounds_count_utf8_bytes_and_the_limits_themselves_are_accepted()
    {
        var reports = new List<ProgressReport>();
        var context = Context(new AttemptProgress(reports.Add, "earlier", MaxCheckpointBytes: 16));

        await context.ReportProgressAsync(0, new string('m', 200), new string('c', 16));
        await context.ReportProgressAsync(100);
        // 9 characters, 18 bytes in UTF-8: over the limit.
        var error = await Assert.ThrowsAsync<ArgumentException>(() => context.ReportProgressAsync(1, checkpoint: "ééééééééé"));

        Assert.Equal("earlier", context.Checkpoint);
        Assert.Equal([0.0, 100.0], reports.Select(r => r.Percent));
        Assert.Contains("16 UTF-8 bytes", error.Message);
        Assert.Null(Context().Checkpoint);
    }

    [Fact]
    public void Fifty_quick_reports_send_the_first_at_once_few_between_and_the_last_before_the_outcome()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var runtime = TestSystems.Runtime(new Dictionary<string, Func<ITaskHandler>>
        {
            ["steps"] = () => new ScriptedTool(async (context, _) =>
            {
                for (var i = 1; i <= 50; i++)
                    await context.ReportProgressAsync(i * 2, $"step {i}", i == 10 ? "cp-10" : null);
                await release.Task;
                return ToolResult.Empty;
            }),
        }, new TaskOptions { ProgressInterval = TimeSpan.FromSeconds(30), KillGrace = TimeSpan.Zero });
        var entity = CreateTestProbe();
        Sys.ActorOf(AttemptRunner.Props("t-p", entity.Ref, runtime));
        entity.ExpectMsg<AttemptProtocol.Starting>(Timeout);
        entity.LastSender.Tell(new AttemptProtocol.Go(1, TestSystems.Spec("steps"), Timeout, Checkpoint: "cp-0"), entity.Ref);

        var first = entity.ExpectMsg<AttemptProtocol.Progress>(Timeout);
        // The other 49 arrive within the 30 s window: none is sent until the attempt ends.
        entity.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
        release.SetResult();
        var last = entity.ExpectMsg<AttemptProtocol.Progress>(Timeout);
        entity.ExpectMsg<AttemptProtocol.Succeeded>(Timeout);

        Assert.Equal((1, 2.0, "step 1", (string?)null), (first.Attempt, first.Percent, first.Message, first.Checkpoint));
        // Latest wins, but the held checkpoint of step 10 survives the 40 reports without one.
        Assert.Equal((100.0, "step 50", "cp-10"), (last.Percent, last.Message, last.Checkpoint));
    }

    [Fact]
    public void Reports_spread_over_several_intervals_go_at_most_once_per_interval()
    {
        var runtime = TestSystems.Runtime(new Dictionary<string, Func<ITaskHandler>>
        {
            ["slow-steps"] = () => new ScriptedTool(async (context, token) =>
            {
                var watch = System.Diagnostics.Stopwatch.StartNew();
                for (var i = 1; watch.Elapsed < TimeSpan.FromMilliseconds(900); i++)
                {
                    await context.ReportProgressAsync(Math.Min(i, 100));
                    await Task.Delay(5, token); // the handler's own work pace, not synchronization
                }
                return ToolResult.Empty;
            }),
        }, new TaskOptions { ProgressInterval = TimeSpan.FromMilliseconds(200), KillGrace = TimeSpan.Zero });
        var entity = CreateTestProbe();
        Sys.ActorOf(AttemptRunner.Props("t-q", entity.Ref, runtime));
        entity.ExpectMsg<AttemptProtocol.Starting>(Timeout);
        entity.LastSender.Tell(new AttemptProtocol.Go(1, TestSystems.Spec("slow-steps"), Timeout), entity.Ref);

        var progress = 0;
        for (var message = entity.ExpectMsg<object>(Timeout); message is not AttemptProtocol.Succeeded; message = entity.ExpectMsg<object>(Timeout))
            if (message is AttemptProtocol.Progress) Assert.InRange(++progress, 1, 12); // heartbeats may come between

        // ~900 ms at one per 200 ms: the first, about four window ends and the flush; never the ~150 reports made.
        Assert.InRange(progress, 3, 8);
    }
}
