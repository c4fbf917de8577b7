using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using FaultTolerantRunner.Chaos.Tests.Support;
using Xunit.Abstractions;

namespace FaultTolerantRunner.Chaos.Tests;

/// <summary>Breakers are one view across the cluster: an operator's trip on one node fast-fails on the other, a reset there closes it here.</summary>
[Collection(ChaosCollection.Name)]
public sealed class ClusterBreakerTests(ITestOutputHelper output)
{
    private const string Service = "bar-svc";
    private static readonly TimeSpan Spread = TimeSpan.FromSeconds(5);

    [PostgresFact(Timeout = 240_000)]
    public async Task A_trip_on_one_node_fast_fails_on_the_other_and_a_reset_there_closes_it_here()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        await using var cluster = new NodeCluster(database, 2);
        await using var bar = await FaultyService.StartAsync();
        await cluster.StartManyAsync(0, 1);
        await cluster.ConvergedAsync(TimeSpan.FromSeconds(60));
        // Unknown everywhere before the trip (and the endpoints warmed up, so the figures below measure replication, not JIT).
        Assert.Null(await BreakerAsync(cluster, 0));
        Assert.Null(await BreakerAsync(cluster, 1));

        using (var trip = await cluster.Http(0).PostAsync($"/api/breakers/{Service}/trip", null))
            Assert.Equal(HttpStatusCode.OK, trip.StatusCode);
        var watch = Stopwatch.StartNew();
        var onB = await Eventually.Until(() => BreakerAsync(cluster, 1), b => (string?)b?["state"] == "Open", Spread, $"{Service} Open on node 1");
        var tripSpread = watch.Elapsed;
        Assert.True((bool)onB!["forced"]!);
        Assert.Equal(cluster.AddressOf(0), (string?)onB["changedBy"]);

        // A guarded call through node B waits for the service without touching it.
        using var submitted = await cluster.Http(1).PostAsJsonAsync("/api/tasks",
            new { tool = "http", parameters = new { url = bar.Url + "/bar", service = Service }, maxRetries = 0 });
        Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
        var id = (string)(await submitted.Content.ReadFromJsonAsync<JsonObject>())!["id"]!;
        var waiting = await Eventually.Until(() => TaskBook.TryGetAsync(cluster, id), t => (string?)t?["state"] == "WaitingForService",
            TimeSpan.FromSeconds(20), $"task {id} WaitingForService");
        Assert.Equal(0, (int)waiting!["attempts"]!);
        Assert.Equal(0, bar.Requests);

        using (var reset = await cluster.Http(1).PostAsync($"/api/breakers/{Service}/reset", null))
            Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        watch.Restart();
        var onA = await Eventually.Until(() => BreakerAsync(cluster, 0), b => (string?)b?["state"] == "Closed", Spread, $"{Service} Closed on node 0");
        var resetSpread = watch.Elapsed;
        Assert.Equal(cluster.AddressOf(1), (string?)onA!["changedBy"]);
        Assert.True((long)onA["epoch"]! > (long)onB["epoch"]!);

        // Closed everywhere: the waiting task now calls the service once and succeeds.
        await Eventually.Until(() => TaskBook.TryGetAsync(cluster, id), t => (string?)t?["state"] == "Succeeded", TimeSpan.FromSeconds(30), $"task {id} Succeeded");
        Assert.Equal(1, bar.Requests);
        Report.Write(output, "Cluster-wide breakers: an operator's trip and reset on 2 nodes (PostgreSQL, multi profile)",
        [
            $"trip on node 0 -> Open on node 1 after {tripSpread.TotalMilliseconds:0} ms",
            $"reset on node 1 -> Closed on node 0 after {resetSpread.TotalMilliseconds:0} ms",
        ]);
    }

    private static async Task<JsonObject?> BreakerAsync(NodeCluster cluster, int node)
    {
        using var response = await cluster.Http(node).GetAsync($"/api/breakers/{Service}");
        return response.StatusCode == HttpStatusCode.NotFound ? null : await response.Content.ReadFromJsonAsync<JsonObject>();
    }
}
