using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using FaultTolerantRunner.Chaos.Tests.Support;
using FaultTolerantRunner.Schedules;
using FaultTolerantRunner.Tasks;
using Npgsql;
using Xunit.Abstractions;

namespace FaultTolerantRunner.Chaos.Tests;

/// <summary>A schedule keeps its promise across the loss of its node: each occurrence fires exactly once, cluster-wide.</summary>
[Collection(ChaosCollection.Name)]
public sealed class ScheduleFailoverTests(ITestOutputHelper output)
{
    private const string Name = "every-2s";
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(60);

    [PostgresFact(Timeout = 420_000)]
    public async Task Every_occurrence_of_a_2_second_schedule_fires_once_while_the_node_holding_it_is_SIGKILLed()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        await using var cluster = new NodeCluster(database, 3);
        await cluster.StartManyAsync(0, 1, 2);
        await cluster.ConvergedAsync(TimeSpan.FromSeconds(60));

        // allow + all: the only occurrences that may go unfired are none (catchUp all, far fewer than Schedules:MaxCatchUp).
        var response = await cluster.Http(0).PostAsJsonAsync("/api/schedules", new
        {
            name = Name, cron = "*/2 * * * * *", tool = "echo", parameters = new { text = "tick" }, overlap = "allow", catchUp = "all",
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = DateTimeOffset.Parse((string)(await response.Content.ReadFromJsonAsync<JsonObject>())!["createdAt"]!);
        var windowEnd = created + Window;
        Report.Progress(output, $"schedule created at {created:O}; window to {windowEnd:O}");

        var firing = await Eventually.Until(() => ShowAsync(cluster), s => s is not null && (long)s["fired"]! >= 10, TimeSpan.FromSeconds(60), "ten occurrences fired");
        var victim = Enumerable.Range(0, cluster.Size).Single(n => cluster.AddressOf(n) == (string)firing!["node"]!);
        await cluster.KillAsync(victim);
        var killedAt = DateTimeOffset.UtcNow;
        Report.Progress(output, $"killed node {victim}, which held the schedule, after {(long)firing!["fired"]!} firings");

        var back = await Eventually.Until(() => ShowAsync(cluster), s => s is not null && (string)s["node"]! != cluster.AddressOf(victim)
            && LatestFired(s) > killedAt, TimeSpan.FromSeconds(90), "the schedule firing again on a survivor");
        var failover = DateTimeOffset.UtcNow - killedAt;
        Report.Progress(output, $"schedule back on {(string)back!["node"]!} {failover.TotalSeconds:0.0} s after the kill");
        await Eventually.Until(() => ShowAsync(cluster), s => s is not null && LatestFired(s) >= windowEnd, Window + TimeSpan.FromSeconds(60), "the window fired");
        Assert.Equal(HttpStatusCode.OK, (await cluster.AnyHttp(cluster.Running.First()).PostAsync($"/api/schedules/{Name}/pause", null)).StatusCode);

        var expected = ScheduleCron.Parse("*/2 * * * * *", "UTC").Between(created, windowEnd, 1_000);
        var fired = await FiredOccurrencesAsync(database);
        var twice = fired.GroupBy(o => o).Where(g => g.Count() > 1).Select(g => g.Key).ToArray();
        var missing = expected.Except(fired).ToArray();
        var ids = expected.Select(o => TaskIds.FromIdempotencyKey(ScheduleKeys.Occurrence(Name, o))).ToArray();
        var journals = await database.TaskJournalsAsync(ids);
        var accepted = ids.Select(id => journals.TryGetValue(id, out var entries) ? entries.Count(e => e.Manifest == "TaskAccepted") : 0).ToArray();
        Report.Write(output, "Schedule failover: a */2 s schedule for 60 s while the node holding it is SIGKILLed",
        [
            $"3 nodes on PostgreSQL, multi profile; overlap allow, catchUp all; node {victim} killed after {(long)firing["fired"]!} firings",
            $"schedule back on a survivor (firing again) {failover.TotalSeconds:0.0} s after the kill",
            $"occurrences in the window: {expected.Count}; fired: {fired.Count(o => o <= windowEnd)}; twice: {twice.Length}; missing: {missing.Length}",
            $"tasks accepted per occurrence key: {string.Join(",", accepted.Distinct())}",
        ]);
        Assert.Empty(twice);
        Assert.Empty(missing);
        Assert.All(accepted, count => Assert.Equal(1, count));
    }

    private static DateTimeOffset LatestFired(JsonObject schedule) =>
        schedule["firings"]!.AsArray().Where(f => (string)f!["kind"]! == "fired").Select(f => DateTimeOffset.Parse((string)f!["occurrence"]!))
            .DefaultIfEmpty(DateTimeOffset.MinValue).Max();

    /// <summary>The schedule as any running node shows it; null while none answers (shards moving).</summary>
    private static async Task<JsonObject?> ShowAsync(NodeCluster cluster)
    {
        foreach (var node in cluster.Running)
        {
            try
            {
                using var response = await cluster.Http(node).GetAsync($"/api/schedules/{Name}");
                if (response.IsSuccessStatusCode) return await response.Content.ReadFromJsonAsync<JsonObject>();
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // That node is gone or busy: ask the next.
            }
        }
        return null;
    }

    /// <summary>Every OccurrenceFired in the schedule's journal, straight from the table.</summary>
    private static async Task<List<DateTimeOffset>> FiredOccurrencesAsync(PostgresDatabase database)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var query = new NpgsqlCommand(
            "SELECT message FROM journal WHERE persistence_id = @id AND manifest = 'OccurrenceFired' AND NOT deleted ORDER BY sequence_number", connection);
        query.Parameters.AddWithValue("id", ScheduleKeys.PersistenceId(Name));
        var fired = new List<DateTimeOffset>();
        await using var reader = await query.ExecuteReaderAsync();
        while (await reader.ReadAsync()) fired.Add(DateTimeOffset.Parse((string)JsonNode.Parse((byte[])reader.GetValue(0))!["occurrence"]!));
        return fired;
    }
}
