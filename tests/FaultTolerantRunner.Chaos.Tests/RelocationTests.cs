using System.Net.Http.Json;
using System.Text.Json.Nodes;
using FaultTolerantRunner.Chaos.Tests.Support;
using Xunit.Abstractions;

namespace FaultTolerantRunner.Chaos.Tests;

/// <summary>Recovery level 4 on a real 2-node cluster on PostgreSQL: the attempt leaves the node where it keeps failing.</summary>
[Collection(ChaosCollection.Name)]
public sealed class RelocationTests(ITestOutputHelper output)
{
    private const int MaxTasks = 16;

    /// <summary>Retries in milliseconds, so the climb through levels 1-3 to level 4 takes seconds.</summary>
    private static readonly string[] Settings =
    [
        "--Retry:Transient:BaseDelay=00:00:00.100",
        "--Retry:Transient:MaxDelay=00:00:00.500",
        "--Retry:Transient:MaxRetries=8",
        "--Recovery:MinTrials=1",
        "--Recovery:Exploration=0",
    ];

    [PostgresFact(Timeout = 300_000)]
    public async Task A_task_failing_on_one_node_runs_its_level_4_attempt_on_the_other_and_succeeds_there()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        await using var cluster = new NodeCluster(database, 2, Settings);
        await cluster.StartManyAsync(0, 1);
        await cluster.ConvergedAsync(TimeSpan.FromSeconds(60));
        var failing = cluster.AddressOf(0);
        var healthy = cluster.AddressOf(1);
        // Chaos switches apply cluster-wide unless scoped: echo fails every time on node 0 only. The switch is in force
        // on node 0 when the request returns (it is read back there first); node 1 never injects it.
        using (var chaos = await cluster.Http(1).PostAsJsonAsync("/api/chaos/echo", new { category = "transient", rate = 1.0, node = failing }))
            Assert.True(chaos.IsSuccessStatusCode, await chaos.Content.ReadAsStringAsync());
        await Eventually.Until(() => cluster.Http(0).GetFromJsonAsync<JsonObject>("/api/chaos")!,
            c => c!["items"]!.AsArray().Any(r => (string?)r!["target"] == "echo"), TimeSpan.FromSeconds(10), "the switch replicated to node 0");

        // Tasks live where sharding puts them: submit until one whose entity (and first attempt) is on node 0 has finished.
        JsonObject? relocated = null;
        for (var i = 0; i < MaxTasks && relocated is null; i++)
        {
            using var submitted = await cluster.Http(0).PostAsJsonAsync("/api/tasks", new { tool = "echo", parameters = new { text = $"task {i}" } });
            Assert.True(submitted.IsSuccessStatusCode, await submitted.Content.ReadAsStringAsync());
            var id = (string)(await submitted.Content.ReadFromJsonAsync<JsonObject>())!["id"]!;
            var task = await Eventually.Until(() => cluster.Http(1).GetFromJsonAsync<JsonObject>($"/api/tasks/{id}")!,
                t => (string?)t!["state"] is "Succeeded" or "DeadLettered" or "Failed", TimeSpan.FromSeconds(90), $"task {id} finished");
            var attempts = task!["attemptHistory"]!.AsArray();
            Report.Progress(output, $"task {i}: {task["state"]} after {attempts.Count} attempt(s), first on {attempts[0]!["node"]}");
            Assert.Equal("Succeeded", (string?)task["state"]);
            if ((string?)attempts[0]!["node"] == failing) relocated = task;
            else Assert.Single(attempts); // on the healthy node nothing fails
        }
        Assert.True(relocated is not null, $"none of {MaxTasks} tasks landed on node 0");

        var history = relocated!["attemptHistory"]!.AsArray().Select(a => a!.AsObject()).ToList();
        var last = history[^1];
        // The attempts on node 0 failed and climbed the levels; the level-4 attempt ran on node 1 and succeeded.
        Assert.All(history[..^1], a => Assert.Equal((failing, "failed"), ((string?)a["node"], (string?)a["outcome"])));
        Assert.Equal((healthy, "succeeded", 4), ((string?)last["node"], (string?)last["outcome"], (int?)last["recoveryLevel"]));
        Assert.True(history[0].ContainsKey("recoveryLevel"), "recoveryLevel is written for every attempt");
        Assert.Null(history[0]["recoveryLevel"]);
        Assert.Equal(new int?[] { null, 1, 2, 3 }, history[..^1].Select(a => (int?)a["recoveryLevel"]));
        Assert.Contains(relocated["history"]!.AsArray(), h => (string?)h!["event"] == "recovery-planned"
            && ((string?)h["detail"])!.Contains($"the next attempt runs on {healthy}"));
        Report.Write(output, "Relocation (recovery level 4), 2 nodes on PostgreSQL",
            history.Select(a => $"attempt {a["number"]}: {a["outcome"]} on {a["node"]} at level {a["recoveryLevel"]?.ToString() ?? "none"}").ToArray());
    }
}
