using System.Net.Http.Json;
using System.Text.Json.Nodes;
using FaultTolerantRunner.Chaos.Tests.Support;
using Xunit.Abstractions;

namespace FaultTolerantRunner.Chaos.Tests;

/// <summary>
/// Chaos switches across two nodes on PostgreSQL: a hang enabled on node 0 before node 1 joins is in force on both (node 1
/// learns it on joining) and every attempt it hits is ended by the attempt timeout; disabled on node 1, it is off on node 0
/// too and the tasks recover. A crash scoped to node 1 kills process attempts there only. Every task ends Succeeded.
/// </summary>
[Collection(ChaosCollection.Name)]
public sealed class ChaosSwitchClusterTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Spread = TimeSpan.FromSeconds(15);

    private static readonly string[] Settings =
    [
        .. new[] { "Transient", "Resource", "Timeout", "External", "Unknown" }.SelectMany(c => new[]
        {
            $"--Retry:{c}:BaseDelay=00:00:00.100",
            $"--Retry:{c}:MaxDelay=00:00:00.500",
        }),
        "--Recovery:DeadLetterAfterRecoveries=30",
        "--Tasks:KillGrace=00:00:01",
        "--Tools:Process:nap:Command=/bin/sh",
        "--Tools:Process:nap:Arguments:0=-c",
        "--Tools:Process:nap:Arguments:1=sleep {seconds} & wait",
        "--Tools:Process:nap:Parameters:seconds:Type=Integer",
        "--Tools:Process:nap:Parameters:seconds:Required=true",
    ];

    [PostgresFact(Timeout = 300_000)]
    public async Task Hang_and_crash_switches_are_in_force_where_they_are_scoped_and_the_tasks_recover()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        await using var cluster = new NodeCluster(database, 2, Settings);
        await cluster.StartAsync(0);
        await cluster.ConvergedAsync(TimeSpan.FromSeconds(60));
        var hang = await EnableAsync(cluster, 0, "sleep", new JsonObject { ["fault"] = "hang", ["rate"] = 1 });
        Report.Progress(output, "hang on; starting node 1");
        await cluster.StartAsync(1);
        await cluster.ConvergedAsync(TimeSpan.FromSeconds(60));
        var learned = await Eventually.Until(() => SwitchAsync(cluster, 1, "sleep"), s => s is not null && InForceOn(s).Count == 2, Spread,
            "node 1 learning the hang switch on joining");

        var book = new TaskBook();
        var sleeps = new List<TaskBook.Entry>();
        for (var i = 0; i < 10; i++)
            sleeps.Add(await book.SubmitAsync(cluster, i % 2, "sleep", "Succeeded", new JsonObject
            {
                ["tool"] = "sleep", ["parameters"] = new JsonObject { ["ms"] = 300 }, ["timeoutSeconds"] = 1, ["maxRetries"] = 20,
            }));
        var hung = await Eventually.Until(() => FailedAttemptsAsync(cluster, sleeps), f => f.Select(a => a.Id).Distinct().Count() == sleeps.Count,
            TimeSpan.FromSeconds(60), "every sleep task with a timed-out attempt");
        Report.Progress(output, "every sleep hung once; disabling on node 1");
        using (var off = await cluster.Http(1).DeleteAsync("/api/chaos/sleep")) off.EnsureSuccessStatusCode();
        await Eventually.Until(() => SwitchAsync(cluster, 0, "sleep"), s => s is null, Spread, "node 0 seeing the hang switch off");

        var node1 = cluster.AddressOf(1);
        var crash = await EnableAsync(cluster, 0, "nap", new JsonObject
        {
            ["fault"] = "crash", ["rate"] = 1, ["latencyMs"] = 300, ["node"] = node1[(node1.IndexOf('@') + 1)..],
        });
        await Eventually.Until(() => SwitchAsync(cluster, 1, "nap"), s => s is not null, Spread, "node 1 seeing the crash switch");
        var naps = new List<TaskBook.Entry>();
        for (var i = 0; i < 10; i++)
            naps.Add(await book.SubmitAsync(cluster, i % 2, "nap", "Succeeded", new JsonObject
            {
                ["tool"] = "nap", ["parameters"] = new JsonObject { ["seconds"] = 1 }, ["maxRetries"] = 20,
            }));
        var crashed = await Eventually.Until(() => FailedAttemptsAsync(cluster, naps), f => f.Count > 0, TimeSpan.FromSeconds(60), "a crashed nap attempt");
        // Every nap that started on node 0 has run there by now; those are the ones that must be untouched.
        var firstAttempts = await Eventually.Until(() => FirstAttemptsAsync(cluster, naps), a => a.Count == naps.Count && a.All(x => x.Ended),
            TimeSpan.FromSeconds(60), "every nap's first attempt ended");
        Report.Progress(output, "crashes seen; disabling");
        using (var off = await cluster.Http(0).DeleteAsync("/api/chaos/nap")) off.EnsureSuccessStatusCode();

        var final = await book.AwaitTerminalAsync(cluster, TimeSpan.FromSeconds(120));
        var allFailed = (await FailedAttemptsAsync(cluster, naps)).ToList();
        Report.Write(output, "Chaos switches across 2 nodes",
        [
            $"hang: enabled on node 0, in force on {string.Join(", ", InForceOn(learned!))} as node 1 sees it; {hung.Count} timed-out attempts on {string.Join(", ", hung.Select(h => h.Node).Distinct())}",
            $"crash: scoped to {(string?)crash["scope"]}; {allFailed.Count} crashed attempts on {string.Join(", ", allFailed.Select(h => h.Node).Distinct())}; first attempts: {firstAttempts.Count(a => a.Node == node1)} on node 1, {firstAttempts.Count(a => a.Node != node1)} on node 0",
            $"outcomes: {string.Join(", ", final.Values.GroupBy(t => (string)t["state"]!).Select(g => $"{g.Key} {g.Count()}"))}",
        ]);

        Assert.Equal("all", (string?)hang["scope"]);
        Assert.Equal(new[] { cluster.AddressOf(0), cluster.AddressOf(1) }.Order(StringComparer.Ordinal), InForceOn(learned!).Order(StringComparer.Ordinal));
        Assert.All(hung, h => Assert.Equal("timeout", h.Category));
        Assert.Equal(2, hung.Select(h => h.Node).Distinct().Count());
        Assert.Equal(node1, (string?)crash["scope"]);
        Assert.NotEmpty(crashed);
        Assert.All(allFailed, f => Assert.Equal(node1, f.Node));
        Assert.All(allFailed, f => Assert.Equal("resource", f.Category));
        Assert.All(firstAttempts.Where(a => a.Node != node1), a => Assert.Equal("succeeded", a.Outcome));
        Assert.All(firstAttempts.Where(a => a.Node == node1), a => Assert.NotEqual("succeeded", a.Outcome));
        Assert.All(book.Accepted, t => Assert.Equal("Succeeded", (string?)final[t.Id]["state"]));
    }

    private static async Task<JsonObject> EnableAsync(NodeCluster cluster, int node, string target, JsonObject body)
    {
        using var response = await cluster.Http(node).PostAsJsonAsync($"/api/chaos/{target}", body);
        var json = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.True(response.IsSuccessStatusCode, json.ToJsonString());
        return json;
    }

    private static async Task<JsonObject?> SwitchAsync(NodeCluster cluster, int node, string target) =>
        (await cluster.Http(node).GetFromJsonAsync<JsonObject>("/api/chaos"))!["items"]!.AsArray()
        .OfType<JsonObject>().FirstOrDefault(s => (string?)s["target"] == target);

    private static List<string> InForceOn(JsonObject view) => view["inForceOn"]!.AsArray().Select(n => (string)n!).ToList();

    private sealed record Failed(string Id, string Node, string? Category);

    private sealed record First(string Node, string? Outcome, bool Ended);

    private static async Task<List<Failed>> FailedAttemptsAsync(NodeCluster cluster, IEnumerable<TaskBook.Entry> tasks)
    {
        var failed = new List<Failed>();
        foreach (var entry in tasks)
        {
            if (await TaskBook.TryGetAsync(cluster, entry.Id) is not { } task) continue;
            failed.AddRange(task["attemptHistory"]!.AsArray().OfType<JsonObject>().Where(a => a["error"] is JsonObject)
                .Select(a => new Failed(entry.Id, (string)a["node"]!, (string?)a["error"]!["category"])));
        }
        return failed;
    }

    private static async Task<List<First>> FirstAttemptsAsync(NodeCluster cluster, IEnumerable<TaskBook.Entry> tasks)
    {
        var firsts = new List<First>();
        foreach (var entry in tasks)
        {
            if (await TaskBook.TryGetAsync(cluster, entry.Id) is not { } task) continue;
            if (task["attemptHistory"]!.AsArray().OfType<JsonObject>().FirstOrDefault() is { } first)
                firsts.Add(new First((string)first["node"]!, (string?)first["outcome"], first["endedAt"] is not null));
        }
        return firsts;
    }
}
