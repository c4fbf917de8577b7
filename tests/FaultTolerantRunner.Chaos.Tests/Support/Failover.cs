using System.Text.Json.Nodes;

namespace FaultTolerantRunner.Chaos.Tests.Support;

/// <summary>
/// Kills a node and measures, for the tasks it was running: how long until every one is back on a survivor (its entity
/// recovered there and journaled the interruption), and until every one runs its next attempt (after FTR's deliberate
/// interruption backoff, the transient retry delay: ~1 s by default).
/// </summary>
public static class Failover
{
    public sealed record Measurement(int Victim, int TasksOnVictim, TimeSpan EntitiesBack, TimeSpan AttemptsRestarted);

    /// <summary>The tasks among <paramref name="ids"/> whose open attempt runs on <paramref name="node"/>.</summary>
    public static async Task<List<(string Id, int Attempt)>> RunningOnAsync(NodeCluster cluster, int node, IEnumerable<string> ids)
    {
        var address = cluster.AddressOf(node);
        var found = new List<(string, int)>();
        foreach (var id in ids)
        {
            var task = await TaskBook.TryGetAsync(cluster, id);
            if (task is null || (string?)task["state"] != "Running") continue;
            var open = task["attemptHistory"]!.AsArray().LastOrDefault();
            if (open is not null && (string?)open["node"] == address && open["endedAt"] is null) found.Add((id, (int)open["number"]!));
        }
        return found;
    }

    public static async Task<Measurement> KillAndMeasureAsync(NodeCluster cluster, int victim, IReadOnlyList<(string Id, int Attempt)> running, TimeSpan within)
    {
        var victimAddress = cluster.AddressOf(victim);
        var killedAt = DateTimeOffset.UtcNow;
        await cluster.KillAsync(victim);
        var backAt = new List<DateTimeOffset>();
        var restartedAt = new List<DateTimeOffset>();
        foreach (var (id, attempt) in running)
        {
            var task = await Eventually.Until(async () => await TaskBook.TryGetAsync(cluster, id) ?? new JsonObject(),
                t => Settled(t, attempt, victimAddress), within, $"task {id} resuming after node {victim} was killed");
            var record = Attempt(task, attempt)!;
            // Finished normally just before the kill: nothing to fail over.
            if ((string?)record["outcome"] != "interrupted") continue;
            backAt.Add(Time(record["endedAt"]!));
            restartedAt.Add(Resumed(task, attempt, victimAddress)!.Value);
        }
        if (backAt.Count == 0) throw new Xunit.Sdk.XunitException($"every task on node {victim} finished before it was killed; nothing measured");
        return new Measurement(victim, backAt.Count, backAt.Max() - killedAt, restartedAt.Max() - killedAt);
    }

    private static JsonNode? Attempt(JsonObject task, int number) =>
        task["attemptHistory"]?.AsArray().FirstOrDefault(a => (int)a!["number"]! == number);

    /// <summary>The attempt ended normally, or it was interrupted and the next one started on another node.</summary>
    private static bool Settled(JsonObject task, int attempt, string victimAddress) =>
        Attempt(task, attempt) is { } record && record["endedAt"] is not null
        && ((string?)record["outcome"] != "interrupted" || Resumed(task, attempt, victimAddress) is not null);

    private static DateTimeOffset Time(JsonNode node) => DateTimeOffset.Parse((string)node!, System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>When a later attempt started on another node, or the task ended there.</summary>
    private static DateTimeOffset? Resumed(JsonObject task, int attempt, string victimAddress)
    {
        var next = task["attemptHistory"]?.AsArray().FirstOrDefault(a => (int)a!["number"]! > attempt && (string?)a["node"] != victimAddress);
        return next is null ? null : Time(next["startedAt"]!);
    }

    public static string Describe(IReadOnlyList<TimeSpan> samples)
    {
        if (samples.Count == 0) return "no samples";
        var sorted = samples.Order().ToArray();
        var median = sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
        return $"n={sorted.Length} min={sorted[0].TotalSeconds:0.0}s median={median.TotalSeconds:0.0}s max={sorted[^1].TotalSeconds:0.0}s " +
               $"[{string.Join(", ", samples.Select(s => s.TotalSeconds.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture)))}]";
    }
}
