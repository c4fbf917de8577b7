using Akka.Actor;
using FaultTolerantRunner.Tasks;
using FaultTolerantRunner.Tests.Support;
using FaultTolerantRunner.Tools;
using Xunit.Abstractions;
using TaskStatus = FaultTolerantRunner.Tasks.TaskStatus;

namespace FaultTolerantRunner.Tests.Tasks;

/// <summary>A shard hand-off (graceful leave, SIGTERM, rebalance) lets a running attempt finish instead of running it twice.</summary>
public sealed class HandOffSpecs(ITestOutputHelper output) : SqliteTaskSpec("hand-off-specs", output)
{
    [Fact]
    public async Task A_running_attempt_finishes_before_the_hand_off_stops_the_task()
    {
        var started = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        var runs = 0;
        var runtime = TestSystems.Runtime(new Dictionary<string, Func<ITaskHandler>>
        {
            ["job"] = () => new ScriptedTool(async (_, token) =>
            {
                Interlocked.Increment(ref runs);
                started.TrySetResult();
                await release.Task.WaitAsync(token);
                return ToolResult.Of(new { done = true });
            }),
        }, new TaskOptions { HandOffDrain = TimeSpan.FromSeconds(20), MinBackoff = TimeSpan.FromMilliseconds(10), MaxBackoff = TimeSpan.FromMilliseconds(50) });
        var (entity, id) = Submit(runtime, TestSystems.Spec("job"));
        await started.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Watch(entity);

        entity.Tell(TaskEntity.Stop.Instance);
        ExpectNoMsg(TimeSpan.FromMilliseconds(300)); // still draining: not terminated while the attempt runs
        release.SetResult();
        ExpectTerminated(entity, TimeSpan.FromSeconds(10));

        var next = Sys.ActorOf(TaskEntity.Props(id, runtime)); // where the shard moved
        var task = AwaitStatus(next, id, TaskStatus.Succeeded);
        Assert.Single(task.Attempts);
        Assert.Equal(1, runs);
    }

    [Fact]
    public async Task An_attempt_still_running_after_the_drain_is_stopped_and_runs_again_where_the_task_moves()
    {
        var firstStarted = new TaskCompletionSource();
        var runs = 0;
        var runtime = TestSystems.Runtime(new Dictionary<string, Func<ITaskHandler>>
        {
            ["job"] = () => new ScriptedTool(async (context, token) =>
            {
                Interlocked.Increment(ref runs);
                if (context.Attempt > 1) return ToolResult.Of(new { context.Attempt });
                firstStarted.TrySetResult();
                await Task.Delay(Timeout.Infinite, token);
                return ToolResult.Empty;
            }),
        }, new TaskOptions { HandOffDrain = TimeSpan.FromMilliseconds(300), MinBackoff = TimeSpan.FromMilliseconds(10), MaxBackoff = TimeSpan.FromMilliseconds(50) });
        var (entity, id) = Submit(runtime, TestSystems.Spec("job"));
        await firstStarted.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Watch(entity);

        entity.Tell(TaskEntity.Stop.Instance);
        ExpectTerminated(entity, TimeSpan.FromSeconds(10));

        var next = Sys.ActorOf(TaskEntity.Props(id, runtime));
        var task = AwaitStatus(next, id, TaskStatus.Succeeded);
        Assert.Equal(["interrupted", "succeeded"], task.Attempts.Select(a => a.Outcome));
        Assert.Equal(2, runs);
    }
}
