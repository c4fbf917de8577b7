using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using FaultTolerantRunner.Chaos.Tests.Support;
using Xunit.Abstractions;

namespace FaultTolerantRunner.Chaos.Tests;

/// <summary>
/// Three nodes on PostgreSQL run a bounded workload over every fault category and a flaky HTTP service while nodes are
/// SIGKILLed and restarted and the service flips between healthy and failing. Every accepted task must end exactly once,
/// recoverable ones succeeded, permanent ones in the dead-letter queue; breakers agree and the cluster is all Up at the end.
/// </summary>
[Collection(ChaosCollection.Name)]
public sealed class ChaosTests(ITestOutputHelper output)
{
    private const string Service = "chaos-svc";

    /// <summary>Retries in milliseconds and a quick breaker, so that recovery fits in the suite's time.</summary>
    private static readonly string[] Settings =
    [
        .. new[] { "Transient", "Resource", "Timeout", "External", "Unknown" }.SelectMany(c => new[]
        {
            $"--Retry:{c}:BaseDelay=00:00:00.100",
            $"--Retry:{c}:MaxDelay=00:00:01",
        }),
        // Calls to a flapping service get a budget that outlasts an outage (half-open probes and resets use attempts).
        "--Retry:Tools:http:Transient:MaxRetries=40",
        "--Retry:Tools:http:External:MaxRetries=40",
        "--Breakers:Default:MinimumThroughput=4",
        // The flapping service's tasks get a larger retry budget (Retry:Tools:http above); recovery gives up no sooner.
        "--Recovery:DeadLetterAfterRecoveries=12",
        "--Breakers:Default:BreakDuration=00:00:01",
        "--Breakers:Default:MaxBreakDuration=00:00:04",
        "--Breakers:Default:SuccessesToClose=2",
    ];

    [PostgresFact(Timeout = 450_000)]
    public async Task Nothing_is_lost_or_completed_twice_while_nodes_are_killed_and_the_service_flaps()
    {
        var clock = Stopwatch.StartNew();
        await using var database = await PostgresDatabase.CreateAsync();
        await using var service = await FaultyService.StartAsync();
        await using var cluster = new NodeCluster(database, 3, Settings);
        await cluster.StartManyAsync(0, 1, 2);
        await cluster.ConvergedAsync(TimeSpan.FromSeconds(60));
        var book = new TaskBook();
        var failovers = new List<Failover.Measurement>();
        var flips = 0;

        // Wave 1 on three nodes, then the service fails and node 1 dies mid-work.
        await SubmitWaveAsync(cluster, book, service, wave: 1);
        service.Current = FaultyService.Mode.Unavailable;
        flips++;
        failovers.Add(await KillWhileRunningAsync(cluster, book, victim: 1));
        Report.Progress(output, "wave 2 (node 1 down)");
        await SubmitWaveAsync(cluster, book, service, wave: 2);
        Report.Progress(output, "restarting node 1");
        await cluster.StartAsync(1);
        service.Current = FaultyService.Mode.Healthy;
        flips++;
        await cluster.ConvergedAsync(TimeSpan.FromSeconds(90));

        // The oldest node (shard coordinator) dies while the service resets connections.
        service.Current = FaultyService.Mode.Reset;
        flips++;
        Report.Progress(output, "killing node 0");
        failovers.Add(await KillWhileRunningAsync(cluster, book, victim: 0));
        await SubmitWaveAsync(cluster, book, service, wave: 3);
        service.Current = FaultyService.Mode.Healthy;
        flips++;
        Report.Progress(output, "restarting node 0");
        await cluster.StartAsync(0);
        await cluster.ConvergedAsync(TimeSpan.FromSeconds(90));

        Report.Progress(output, "awaiting every task terminal");
        var final = await book.AwaitTerminalAsync(cluster, TimeSpan.FromSeconds(240));

        // Critical failures last. Each isolates its tool on the node that ran it (its escalation, and the critical
        // notification's isolate channel, which the fingerprint's recovery entity on any node routes there), so a later one
        // may be refused by every node with 503 tool-isolated: that refusal is behaviour under test too, not an outage.
        // The first always finds the tool open. One accepted elsewhere whose entity lives on an isolated node is held there
        // without an attempt; a 5 s deadline dead-letters it (critical, "ToolIsolated") instead of waiting for an operator.
        var critical = new List<TaskBook.Entry>();
        var criticalRefused = 0;
        for (var i = 0; i < 3; i++)
        {
            if (await book.TrySubmitAsync(cluster, i, "critical", "DeadLettered", Critical(), isolationRefuses: true) is { } entry)
                critical.Add(entry);
            else criticalRefused++;
        }
        foreach (var (id, task) in await book.AwaitTerminalAsync(cluster, TimeSpan.FromSeconds(60))) final[id] = task;
        var ranCritical = critical.SelectMany(t => final[t.Id]["attemptHistory"]!.AsArray())
            .Select(a => Enumerable.Range(0, cluster.Size).Single(n => (string?)a!["node"] == cluster.AddressOf(n))).Distinct().Order().ToList();
        var isolatedOn = new List<int>();
        foreach (var node in cluster.Running)
            if ((await cluster.Http(node).GetFromJsonAsync<JsonObject>("/api/tools/flaky"))!["isolated"] is JsonObject) isolatedOn.Add(node);

        // Breakers: traffic after recovery closes them everywhere; every node that knows the service must agree.
        var probes = new List<TaskBook.Entry>();
        for (var i = 0; i < 24; i++)
            probes.Add(await book.SubmitAsync(cluster, i % 3, "http-after", "Succeeded", Http(service, "/after")));
        foreach (var (id, task) in await book.AwaitTerminalAsync(cluster, TimeSpan.FromSeconds(120))) final[id] = task;
        Report.Progress(output, "awaiting breakers closed");
        var breakers = await Eventually.Until(() => BreakerStatesAsync(cluster), states => states.Values.All(s => s == "Closed"),
            TimeSpan.FromSeconds(60), $"breaker {Service} closed on every node that knows it");

        await cluster.ConvergedAsync(TimeSpan.FromSeconds(60));
        // Recovery levels: one writer per fingerprint, so every node's registry must converge on the same levels.
        Report.Progress(output, "awaiting recovery levels to agree");
        var levels = await Eventually.Until(() => RecoveryLevelsAsync(cluster),
            views => views.Count == cluster.Running.Count() && views.Values.Distinct().Count() == 1 && views.Values.First().Length > 0
                     && !views.Values.First().StartsWith("unanswered", StringComparison.Ordinal),
            // A node restarted last replays the recovery history into its registry; under CI load that has taken over 60 s.
            TimeSpan.FromSeconds(120), "every node's registry showing the same recovery levels");
        var planned = final.Values.Sum(t => t["history"]!.AsArray().Count(h => (string?)h!["event"] == "recovery-planned"));
        var recorded = (long)(await cluster.Http(0).GetFromJsonAsync<JsonObject>("/api/recovery/metrics"))!["actionsRecorded"]!;
        Report.Progress(output, "reading the journal");
        var journal = await database.TerminalEventsPerTaskAsync();

        var accepted = book.Accepted;
        var lost = accepted.Where(t => !final.ContainsKey(t.Id) || !journal.ContainsKey(t.Id)).ToList();
        var duplicates = accepted.Where(t => journal.GetValueOrDefault(t.Id) > 1).ToList();
        var wrong = accepted.Where(t => final.TryGetValue(t.Id, out var f) && (string)f["state"]! != t.Expected)
            .Select(t => $"{t.Id} {t.Kind}: expected {t.Expected}, got {final[t.Id]["state"]} {final[t.Id]["lastError"]?.ToJsonString()}").ToList();
        var recoverable = accepted.Where(t => t.Expected == "Succeeded").ToList();
        var recovered = recoverable.Count(t => (string?)final.GetValueOrDefault(t.Id)?["state"] == "Succeeded");
        var retried = final.Values.Count(t => (int)t["attempts"]! > 1 && (string)t["state"]! == "Succeeded");
        var interrupted = final.Values.Count(t => t["history"]!.AsArray().Any(h => (string?)h!["event"] == "attempt-interrupted"));
        var permanent = accepted.Where(t => t.Expected == "DeadLettered").ToList();
        var inDlq = permanent.Count(t => (bool?)final.GetValueOrDefault(t.Id)?["inDeadLetterQueue"] == true);

        Report.Write(output, "Chaos suite (3 nodes + PostgreSQL on loopback)",
        [
            $"tasks accepted: {accepted.Count} ({string.Join(", ", accepted.GroupBy(t => t.Kind).Select(g => $"{g.Key} {g.Count()}"))})",
            $"lost: {lost.Count}, completed twice: {duplicates.Count}, wrong outcome: {wrong.Count}",
            $"recoverable: {recovered}/{recoverable.Count} succeeded ({100.0 * recovered / Math.Max(1, recoverable.Count):0.0} %), {retried} after retries, {interrupted} had an attempt interrupted by a kill",
            $"permanent: {inDlq}/{permanent.Count} in the dead-letter queue",
            $"critical: {critical.Count} accepted (dead-lettered; {critical.Count(t => (string?)final[t.Id]["lastError"]!["type"] == "FaultTolerantRunner.ToolIsolated")} held on an isolated node until their deadline), {criticalRefused} refused by every node with 503 tool-isolated; flaky isolated on nodes {string.Join(", ", isolatedOn)}, where they ran: {string.Join(", ", ranCritical)}",
            $"chaos: 2 SIGKILLs + restarts (node 1, then node 0 = oldest/coordinator), {flips} service flips (503, connection resets)",
            $"failover (kill -> its tasks back on survivors / next attempt running): {string.Join("; ", failovers.Select(f => $"node {f.Victim}: {f.TasksOnVictim} tasks, {f.EntitiesBack.TotalSeconds:0.0} s / {f.AttemptsRestarted.TotalSeconds:0.0} s"))}",
            $"breaker {Service}: {string.Join(", ", breakers.Select(b => $"node {b.Key} {b.Value}"))}; service saw {service.Requests} requests",
            $"recovery: {levels.Values.First().Split(';').Length} fingerprints, the same levels on all {levels.Count} nodes; {planned} recovery actions in task journals, {recorded} recorded by the recovery entities",
            $"cluster: all {cluster.Size} members Up after the restarts; suite took {clock.Elapsed.TotalSeconds:0} s",
        ]);

        Assert.True(lost.Count == 0, $"lost tasks: {string.Join(", ", lost.Select(t => $"{t.Id} ({t.Kind})"))}");
        Assert.True(duplicates.Count == 0, $"tasks completed twice: {string.Join(", ", duplicates.Select(t => $"{t.Id} ({t.Kind}) x{journal[t.Id]}"))}\n" +
            string.Join("\n", duplicates.Where(t => final.ContainsKey(t.Id)).Select(t => $"{t.Id} history: {final[t.Id]["history"]!.ToJsonString()}")));
        Assert.True(wrong.Count == 0, string.Join("\n", wrong.Take(10)));
        Assert.Equal(recoverable.Count, recovered);
        Assert.Equal(permanent.Count, inDlq);
        Assert.NotEmpty(critical);
        Assert.Equal(ranCritical, isolatedOn); // only where a critical attempt failed, not where its recovery entity lives
        Assert.All(critical, t => Assert.Equal("critical", (string?)final[t.Id]["lastError"]!["category"]));
        Assert.All(failovers.Where(f => f.TasksOnVictim > 0), f => Assert.True(f.EntitiesBack < TimeSpan.FromSeconds(30), $"failover of node {f.Victim} took {f.EntitiesBack}"));
    }

    /// <summary>One wave: every fault category, the HTTP service, and short and long sleeps; submitted through all running nodes.</summary>
    private static async Task<List<string>> SubmitWaveAsync(NodeCluster cluster, TaskBook book, FaultyService service, int wave)
    {
        var work = new List<(string Kind, string Expected, JsonObject Body)>();
        for (var i = 0; i < 24; i++) work.Add(("transient", "Succeeded", Flaky("transient", 1 + i % 2)));
        for (var i = 0; i < 10; i++) work.Add(("resource", "Succeeded", Flaky("resource", 1)));
        for (var i = 0; i < 6; i++) work.Add(("timeout", "Succeeded", Flaky("timeout", 1, timeoutSeconds: 1)));
        for (var i = 0; i < 6; i++) work.Add(("validation", "DeadLettered", Flaky("validation", 1)));
        for (var i = 0; i < 6; i++) work.Add(("permanent", "DeadLettered", Flaky("permanent", 1)));
        for (var i = 0; i < 24; i++) work.Add(("http", "Succeeded", Http(service, $"/w{wave}/{i}")));
        for (var i = 0; i < 3; i++) work.Add(("http-missing", "DeadLettered", Http(service, $"/missing/{wave}/{i}", maxRetries: 0)));
        for (var i = 0; i < 12; i++) work.Add(("sleep", "Succeeded", Sleep(1_000 + 250 * i)));
        // Long enough to still be running when the wave's victim is killed, after a node restart (~11 s) in between:
        // at 15 s a faster runner started them all at once and they had all just finished when the kill came.
        for (var i = 0; i < 9; i++) work.Add(("sleep-long", "Succeeded", Sleep(25_000)));

        var ids = new List<string>();
        var gate = new SemaphoreSlim(6);
        var submits = work.Select(async (w, i) =>
        {
            await gate.WaitAsync();
            try
            {
                return (await book.SubmitAsync(cluster, i % cluster.Size, w.Kind, w.Expected, w.Body)).Id;
            }
            finally
            {
                gate.Release();
            }
        });
        ids.AddRange(await Task.WhenAll(submits));
        return ids;
    }

    private async Task<Failover.Measurement> KillWhileRunningAsync(NodeCluster cluster, TaskBook book, int victim)
    {
        // Measured on the long sleeps: a task that is waiting for the (failing) service starts no attempt to time.
        // A fresh batch first, so that some are sure to run on the victim when it is killed: the wave's own may have
        // finished, or moved to a node that rejoined (rebalance), by now. (12 tasks over 3 nodes: all elsewhere ~1 %.)
        for (var i = 0; i < 12; i++) await book.SubmitAsync(cluster, i % cluster.Size, "sleep-long", "Succeeded", Sleep(25_000));
        var sleeps = book.Accepted.Where(t => t.Kind == "sleep-long").Select(t => t.Id).ToList();
        var running = await Eventually.Until(() => Failover.RunningOnAsync(cluster, victim, sleeps), r => r.Count > 0,
            TimeSpan.FromSeconds(60), $"tasks running on node {victim}");
        var measurement = await Failover.KillAndMeasureAsync(cluster, victim, running, TimeSpan.FromSeconds(90));
        Report.Progress(output, $"killed node {victim}: {measurement.TasksOnVictim} tasks back after {measurement.EntitiesBack.TotalSeconds:0.0} s");
        return measurement;
    }

    private static async Task<Dictionary<int, string>> BreakerStatesAsync(NodeCluster cluster)
    {
        var states = new Dictionary<int, string>();
        foreach (var node in cluster.Running)
        {
            using var response = await cluster.Http(node).GetAsync($"/api/breakers/{Service}");
            if (response.StatusCode == System.Net.HttpStatusCode.NotFound) continue; // this node never called it
            states[node] = (string)(await response.Content.ReadFromJsonAsync<JsonObject>())!["state"]!;
        }
        return states;
    }

    /// <summary>Each node's view of the recovery levels, as "fingerprint=level;..." sorted, so views compare as strings.</summary>
    private static async Task<Dictionary<int, string>> RecoveryLevelsAsync(NodeCluster cluster)
    {
        var views = new Dictionary<int, string>();
        foreach (var node in cluster.Running)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                var levels = (await cluster.Http(node).GetFromJsonAsync<JsonObject>("/api/recovery/levels?minLevel=0", timeout.Token))!["items"]!.AsArray();
                views[node] = string.Join(";", levels.Select(l => $"{(string)l!["fingerprint"]!}={(int)l["level"]!}").Order(StringComparer.Ordinal));
            }
            catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
            {
                // Kept in the view (it never agrees with the others), so a timeout reports what each node answered.
                views[node] = $"unanswered: {e.GetType().Name}: {e.Message}";
            }
        }
        return views;
    }

    private static JsonObject Critical()
    {
        var body = Flaky("critical", 1);
        body["deadlineSeconds"] = 5;
        return body;
    }

    private static JsonObject Flaky(string category, int failures, int? timeoutSeconds = null)
    {
        var body = new JsonObject { ["tool"] = "flaky", ["parameters"] = new JsonObject { ["failures"] = failures, ["category"] = category } };
        if (timeoutSeconds is { } t) body["timeoutSeconds"] = t;
        return body;
    }

    private static JsonObject Http(FaultyService service, string path, int? maxRetries = null)
    {
        var body = new JsonObject { ["tool"] = "http", ["parameters"] = new JsonObject { ["url"] = service.Url + path, ["service"] = Service } };
        if (maxRetries is { } m) body["maxRetries"] = m;
        return body;
    }

    private static JsonObject Sleep(int ms) => new() { ["tool"] = "sleep", ["parameters"] = new JsonObject { ["ms"] = ms } };
}
