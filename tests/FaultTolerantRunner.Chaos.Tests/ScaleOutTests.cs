using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using FaultTolerantRunner.Chaos.Tests.Support;
using Xunit.Abstractions;

namespace FaultTolerantRunner.Chaos.Tests;

/// <summary>
/// The operator's walkthrough under load: 1 node, 3 nodes join and take shards, one leaves through
/// <c>POST /api/cluster/leave</c>, another gets SIGTERM. Nothing is lost and, since nothing crashed, nothing runs twice.
/// </summary>
[Collection(ChaosCollection.Name)]
public sealed class ScaleOutTests(ITestOutputHelper output)
{
    [PostgresFact(Timeout = 450_000)]
    public async Task Scaling_1_to_3_to_2_under_load_loses_nothing_and_runs_nothing_twice()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        await using var cluster = new NodeCluster(database, 3);
        var book = new TaskBook();
        await cluster.StartAsync(0);
        await cluster.ConvergedAsync(TimeSpan.FromSeconds(60));

        var loadClock = Stopwatch.StartNew();
        await using var load = new LoadGenerator(cluster, book, maxTasks: 400, pace: TimeSpan.FromMilliseconds(100), minMs: 500, maxMs: 2500);
        await Eventually.Until(() => Task.FromResult(load.Submitted), n => n >= 40, TimeSpan.FromSeconds(60), "40 tasks submitted to one node");

        // 1 -> 3: the new members join and the coordinator moves shards to them.
        Report.Progress(output, "starting nodes 1 and 2");
        var atThreeStart = load.Submitted;
        var joining = Stopwatch.StartNew();
        await cluster.StartManyAsync(1, 2);
        await cluster.ConvergedAsync(TimeSpan.FromSeconds(60));
        var joined = joining.Elapsed;
        await Eventually.Until(async () => await NodesRunningTasksAsync(cluster, book), nodes => nodes.Contains(1) && nodes.Contains(2),
            TimeSpan.FromSeconds(60), "joined nodes running tasks");
        var tookShards = joining.Elapsed;
        var atThree = load.Submitted;
        await Eventually.Until(() => Task.FromResult(load.Submitted), n => n >= atThree + 60, TimeSpan.FromSeconds(60), "60 more tasks on three nodes");

        // 3 -> 2: a graceful leave through the API (what `ftr cluster leave` calls), asked of another node.
        Report.Progress(output, "node 2 leaving");
        var leaving = Stopwatch.StartNew();
        using (var leave = await cluster.Http(0).PostAsJsonAsync("/api/cluster/leave", new { address = cluster.AddressOf(2) }))
            Assert.Equal(202, (int)leave.StatusCode);
        var leaveExit = await cluster.WaitForExitAsync(2, TimeSpan.FromSeconds(90));
        var left = leaving.Elapsed;
        await cluster.ConvergedAsync(TimeSpan.FromSeconds(60));
        var atTwo = load.Submitted;
        await Eventually.Until(() => Task.FromResult(load.Submitted), n => n >= atTwo + 40, TimeSpan.FromSeconds(60), "40 more tasks on two nodes");

        // 2 -> 1: SIGTERM, as an orchestrator stops a container.
        Report.Progress(output, "SIGTERM node 1");
        var terminating = Stopwatch.StartNew();
        var atOne = load.Submitted;
        var termExit = await cluster.TerminateAsync(1, TimeSpan.FromSeconds(90));
        var terminated = terminating.Elapsed;
        await cluster.ConvergedAsync(TimeSpan.FromSeconds(60));
        await load.StopAsync();
        var loadTime = loadClock.Elapsed;

        Report.Progress(output, "awaiting every task terminal");
        var final = await book.AwaitTerminalAsync(cluster, TimeSpan.FromSeconds(180));
        var journal = await database.TerminalEventsPerTaskAsync();
        var perNode = final.Values.SelectMany(t => t["attemptHistory"]!.AsArray()).GroupBy(a => (string)a!["node"]!)
            .ToDictionary(g => g.Key, g => g.Count());
        var rerun = final.Values.Where(t => (int)t["attempts"]! != 1).Select(t => (string)t["id"]!).ToList();

        Report.Write(output, "Scale-out walkthrough 1 -> 3 -> 2 -> 1 under load (sleep tasks of 0.5-2.5 s, submitted back to back)",
        [
            $"load: {book.Accepted.Count} tasks over {loadTime.TotalSeconds:0} s ({book.Accepted.Count / loadTime.TotalSeconds:0.0}/s); on 1 node until {atThreeStart}, 3 nodes until {atTwo}, 2 nodes until {atOne}, then 1",
            $"tasks accepted: {book.Accepted.Count}, succeeded: {final.Values.Count(t => (string)t["state"]! == "Succeeded")}, lost: {book.Accepted.Count - final.Count}, run twice: {rerun.Count}",
            $"two nodes joined (started to all Up): {joined.TotalSeconds:0.0} s; both running tasks after {tookShards.TotalSeconds:0.0} s",
            $"graceful leave via POST /api/cluster/leave: process exited ({leaveExit}) after {left.TotalSeconds:0.0} s",
            $"SIGTERM: process exited ({termExit}) after {terminated.TotalSeconds:0.0} s",
            $"attempts per node: {string.Join(", ", perNode.Select(p => $"{p.Key[(p.Key.LastIndexOf(':') + 1)..]}={p.Value}"))}",
        ]);

        Assert.Equal(book.Accepted.Count, final.Count);
        Assert.All(final.Values, t => Assert.Equal("Succeeded", (string)t["state"]!));
        Assert.Empty(rerun);
        Assert.All(book.Accepted, t => Assert.Equal(1, journal.GetValueOrDefault(t.Id)));
        Assert.Equal(0, leaveExit);
        Assert.Equal(0, termExit);
        Assert.True(perNode.Count == 3, "every node ran tasks at some point");
    }

    /// <summary>Which nodes run (or ran) the most recent tasks.</summary>
    private static async Task<HashSet<int>> NodesRunningTasksAsync(NodeCluster cluster, TaskBook book)
    {
        var nodes = new HashSet<int>();
        foreach (var entry in book.Accepted.TakeLast(30))
        {
            var task = await TaskBook.TryGetAsync(cluster, entry.Id);
            foreach (var attempt in task?["attemptHistory"]?.AsArray() ?? new JsonArray())
                for (var n = 0; n < cluster.Size; n++)
                    if ((string?)attempt!["node"] == cluster.AddressOf(n)) nodes.Add(n);
        }
        return nodes;
    }
}
