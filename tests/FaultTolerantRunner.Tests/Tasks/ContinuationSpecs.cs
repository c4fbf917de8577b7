using Akka.Actor;
using System.Diagnostics;
using FaultTolerantRunner.Tasks;
using FaultTolerantRunner.Tests.Support;
using FaultTolerantRunner.Tools;
using Xunit.Abstractions;
using TaskStatus = FaultTolerantRunner.Tasks.TaskStatus;

namespace FaultTolerantRunner.Tests.Tasks;

/// <summary>Continuations between real task entities in a sharded single-member cluster over SQLite: push, restart, fan-in.</summary>
public sealed class ContinuationSpecs(ITestOutputHelper output) : IDisposable
{
    private readonly TempDatabase _database = new();

    public void Dispose() => _database.Dispose();

    private static TaskSpec After(IReadOnlyList<string> predecessors, AfterCondition? condition = null) =>
        new("echo", """{"text":"next"}""", null, null, After: predecessors, AfterCondition: condition);

    /// <summary>A tool whose attempts wait for <paramref name="gate"/>; cancelled with the attempt.</summary>
    private static TaskRuntime Runtime(Task? gate = null, TaskOptions? options = null) => TestSystems.Runtime(new Dictionary<string, Func<ITaskHandler>>
    {
        ["hold"] = () => new ScriptedTool(async (_, token) =>
        {
            if (gate is not null) await gate.WaitAsync(token);
            return ToolResult.Empty;
        }),
    }, options);

    [Fact]
    public async Task A_predecessor_done_before_the_successor_is_submitted_releases_it_at_once()
    {
        await using var host = await TaskShardHost.StartAsync(_database.Path, Runtime());
        var first = TaskIds.New();
        await host.SubmitAsync(first, TestSystems.Spec("echo"));
        var done = await host.AwaitStatusAsync(first, TaskStatus.Succeeded, TimeSpan.FromSeconds(20));

        var next = TaskIds.New();
        Assert.Equal(TaskStatus.Awaiting, (await host.SubmitAsync(next, After([first]))).Status);
        var ran = await host.AwaitStatusAsync(next, TaskStatus.Succeeded, TimeSpan.FromSeconds(20));

        Assert.Equal(["accepted", "predecessor-reached", "released", "attempt-started", "attempt-succeeded"], ran.History.Select(h => h.Event));
        Assert.True(ran.Attempts.Single().StartedAt >= done.UpdatedAt);
    }

    [Fact]
    public async Task A_successor_submitted_first_runs_once_after_its_predecessor_succeeds()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var host = await TaskShardHost.StartAsync(_database.Path, Runtime(gate.Task));
        var first = TaskIds.New();
        await host.SubmitAsync(first, TestSystems.Spec("hold"));
        var next = TaskIds.New();
        await host.SubmitAsync(next, After([first]));
        await host.AwaitStatusAsync(first, TaskStatus.Running, TimeSpan.FromSeconds(20));
        Assert.Equal(TaskStatus.Awaiting, (await host.GetAsync(next)).Status);

        gate.SetResult();
        var done = await host.AwaitStatusAsync(first, TaskStatus.Succeeded, TimeSpan.FromSeconds(20));
        var ran = await host.AwaitStatusAsync(next, TaskStatus.Succeeded, TimeSpan.FromSeconds(20));

        Assert.Single(ran.Attempts);
        Assert.True(ran.Attempts[0].StartedAt >= done.UpdatedAt, $"started {ran.Attempts[0].StartedAt:O}, predecessor succeeded {done.UpdatedAt:O}");
    }

    [Fact]
    public async Task A_failed_predecessor_cancels_the_successor_naming_it_and_under_finished_releases_another()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var host = await TaskShardHost.StartAsync(_database.Path, Runtime(gate.Task));
        var first = TaskIds.New();
        await host.SubmitAsync(first, TestSystems.Spec("hold"));
        var strict = TaskIds.New();
        var lenient = TaskIds.New();
        await host.SubmitAsync(strict, After([first]));
        await host.SubmitAsync(lenient, After([first], AfterCondition.Finished));
        var missing = TaskIds.New();
        await host.SubmitAsync(missing, After([first, TaskIds.New()], AfterCondition.Finished));

        await host.Region.Ask<TaskProtocol.CancelResult>(new TaskProtocol.CancelTask(first, "not wanted"), TimeSpan.FromSeconds(15));
        var cancelled = await host.AwaitStatusAsync(strict, TaskStatus.Cancelled, TimeSpan.FromSeconds(20));
        await host.AwaitStatusAsync(lenient, TaskStatus.Succeeded, TimeSpan.FromSeconds(20));
        var notFound = await host.AwaitStatusAsync(missing, TaskStatus.Cancelled, TimeSpan.FromSeconds(20));

        Assert.Contains($"predecessor {first} ended Cancelled", cancelled.History[^1].Detail);
        Assert.Contains("does not exist", notFound.History[^1].Detail);
        Assert.Empty(cancelled.Attempts);
    }

    [Fact]
    public async Task A_successor_restarted_while_awaiting_is_still_released()
    {
        var first = TaskIds.New();
        var next = TaskIds.New();
        await using (var before = await TaskShardHost.StartAsync(_database.Path, Runtime(new TaskCompletionSource().Task)))
        {
            await before.SubmitAsync(first, TestSystems.Spec("hold"));
            await before.SubmitAsync(next, After([first]));
            await before.AwaitStatusAsync(first, TaskStatus.Running, TimeSpan.FromSeconds(20));
        }

        // The same cluster restarted on the same journal; nothing remembers who waited for whom. The resume sweep's
        // wake-up (sent here by hand: this host has no task index) starts the successor, which asks again.
        await using var after = await TaskShardHost.StartAsync(_database.Path, Runtime());
        after.Region.Tell(new TaskProtocol.WakeTask(next));
        after.Region.Tell(new TaskProtocol.WakeTask(first));
        var ran = await after.AwaitStatusAsync(next, TaskStatus.Succeeded, TimeSpan.FromSeconds(30));
        var done = await after.GetAsync(first);

        Assert.Equal(TaskStatus.Succeeded, done.Status);
        Assert.True(ran.Attempts.Single().StartedAt >= done.UpdatedAt);
    }

    [Fact]
    public async Task A_fan_in_of_1000_predecessors_runs_the_successor_once_after_the_last()
    {
        const int count = TaskAfter.MaxPredecessors;
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var host = await TaskShardHost.StartAsync(_database.Path, Runtime(gate.Task));
        var predecessors = Enumerable.Range(0, count).Select(_ => TaskIds.New()).ToArray();
        foreach (var chunk in predecessors.Chunk(100)) await Task.WhenAll(chunk.Select(id => host.SubmitAsync(id, TestSystems.Spec("hold"))));
        var next = TaskIds.New();
        await host.SubmitAsync(next, After(predecessors));

        var clock = Stopwatch.StartNew();
        gate.SetResult();
        var ran = await host.AwaitStatusAsync(next, TaskStatus.Succeeded, TimeSpan.FromSeconds(180));
        var total = clock.Elapsed;

        var ends = new List<DateTimeOffset>();
        foreach (var chunk in predecessors.Chunk(100)) ends.AddRange((await Task.WhenAll(chunk.Select(host.GetAsync))).Select(s => s.UpdatedAt!.Value));
        var lastEnd = ends.Max();
        var released = ran.History.Single(h => h.Event == "released").At;
        Assert.Equal(count, ran.History.Count(h => h.Event == "predecessor-reached"));
        Assert.Single(ran.Attempts);
        Assert.True(ran.Attempts[0].StartedAt >= lastEnd);
        output.WriteLine($"fan-in {count}: gate opened → successor succeeded in {total.TotalMilliseconds:0} ms; last predecessor ended → released {(released - lastEnd).TotalMilliseconds:0} ms");
    }
}
