using System.Globalization;
using System.Text.Json.Nodes;
using FaultTolerantRunner.Chaos.Tests.Support;
using Xunit.Abstractions;

namespace FaultTolerantRunner.Chaos.Tests;

/// <summary>
/// Continuations keep their promise across the loss of a node: successors awaiting predecessors spread over three nodes
/// are each released exactly once, after every predecessor ended, while a node holding a share of both is SIGKILLed.
/// </summary>
[Collection(ChaosCollection.Name)]
public sealed class ContinuationFailoverTests(ITestOutputHelper output)
{
    private const int Victim = 1;
    private const int Predecessors = 16;
    private static readonly TimeSpan Recheck = TimeSpan.FromMinutes(2);

    private sealed record Successor(string Id, IReadOnlyList<string> After, string Condition, string Expected);

    [PostgresFact(Timeout = 180_000)]
    public async Task Every_successor_is_released_once_after_its_predecessors_while_a_node_is_SIGKILLed()
    {
        var started = DateTimeOffset.UtcNow;
        await using var database = await PostgresDatabase.CreateAsync();
        // Tasks:AwaitRecheck far past the test's bounds: a successor whose predecessor restarted on a survivor (and forgot
        // it) must hear through the resume sweep's wake after the removal, not wait for its periodic recheck.
        await using var cluster = new NodeCluster(database, 3, $"--Tasks:AwaitRecheck={Recheck}");
        await cluster.StartManyAsync(0, 1, 2);
        await cluster.ConvergedAsync(TimeSpan.FromSeconds(60));
        var book = new TaskBook();

        Report.Progress(output, "cluster converged");
        // Submitted concurrently: one by one, on two shared cores, the first sleeps ended before the last successor was in.
        var predecessors = (await Task.WhenAll(Enumerable.Range(0, Predecessors).Select(i => book.SubmitAsync(cluster, i % 3, "sleep", "Succeeded", new JsonObject
        {
            ["tool"] = "sleep", ["parameters"] = new JsonObject { ["ms"] = 6_000 + 125 * i },
        })))).Select(e => e.Id).ToList();
        // Permanent on its first failure: dead-lettered at once, never reaching "succeeded".
        var flaky = (await book.SubmitAsync(cluster, 2, "flaky", "DeadLettered", new JsonObject
        {
            ["tool"] = "flaky", ["parameters"] = new JsonObject { ["failures"] = 1, ["category"] = "permanent" },
        })).Id;

        Report.Progress(output, "predecessors submitted");
        var submits = Enumerable.Range(0, 10).Select(j =>
        {
            string[] after = j % 2 == 0
                ? [predecessors[j], predecessors[(j + 5) % Predecessors], predecessors[(j + 11) % Predecessors]]
                : [predecessors[j], predecessors[(j + 7) % Predecessors]];
            return SubmitSuccessorAsync(cluster, book, j % 3, after, j % 3 == 0 ? "finished" : "succeeded", "Succeeded");
        }).ToList();
        submits.Add(SubmitSuccessorAsync(cluster, book, 0, [flaky, predecessors[3]], "succeeded", "Cancelled"));
        submits.Add(SubmitSuccessorAsync(cluster, book, 2, [predecessors[12], flaky], "finished", "Succeeded"));
        submits.Add(SubmitSuccessorAsync(cluster, book, 1, [predecessors[14], predecessors[15]], "succeeded", "Succeeded"));
        var successors = (await Task.WhenAll(submits)).ToList();
        Report.Progress(output, $"submitted {Predecessors} sleeps, 1 flaky (permanent), {successors.Count} successors");

        // Kill while the successors wait: every one still pending is Awaiting (the cancelled one may already be Cancelled).
        var waiting = await Eventually.Until(() => StatesAsync(cluster, successors.Select(s => s.Id)),
            states => states.Count == successors.Count && states.Values.All(s => s is "Awaiting" or "Cancelled"),
            TimeSpan.FromSeconds(10), "every successor Awaiting");
        var awaitingAtKill = waiting.Values.Count(s => s == "Awaiting");
        var runningOnVictim = (await Failover.RunningOnAsync(cluster, Victim, predecessors)).Count;
        await cluster.KillAsync(Victim);
        var killedAt = DateTimeOffset.UtcNow;
        Report.Progress(output, $"killed node {Victim}: {awaitingAtKill} successors Awaiting, {runningOnVictim} predecessors running on it");

        // Restart the victim once every predecessor has ended, while the successors are still being released.
        await Eventually.Until(() => database.EndedCountAsync([.. predecessors, flaky]), n => n == Predecessors + 1,
            TimeSpan.FromSeconds(90), "every predecessor ended");
        Report.Progress(output, $"every predecessor ended {(DateTimeOffset.UtcNow - killedAt).TotalSeconds:0.0} s after the kill; restarting node {Victim}");
        await cluster.StartAsync(Victim);
        var restartedAt = DateTimeOffset.UtcNow;

        var final = await book.AwaitTerminalAsync(cluster, TimeSpan.FromSeconds(75));
        var journals = await database.TaskJournalsAsync(successors.Select(s => s.Id));
        var victimAddress = cluster.AddressOf(Victim);
        var lines = new List<string>();
        var delays = new List<double>();
        var failures = new List<string>();
        foreach (var successor in successors)
        {
            var view = final[successor.Id];
            var state = (string)view["state"]!;
            var ends = successor.After.Select(p => EndedAt(final[p])).ToArray();
            var lastEnd = ends.Max();
            var journal = journals[successor.Id];
            int Count(string manifest) => journal.Count(e => e.Manifest == manifest);
            var touched = successor.After.Any(p => Attempts(final[p]).Any(a => (string?)a["node"] == victimAddress && (string?)a["outcome"] == "interrupted"));
            if (state != successor.Expected) failures.Add($"{successor.Id}: {state}, expected {successor.Expected}: {view.ToJsonString()}");
            if (Count("TaskAccepted") != 1) failures.Add($"{successor.Id}: accepted {Count("TaskAccepted")} times");
            if (successor.Expected == "Cancelled")
            {
                var reason = string.Join(" | ", History(view).Where(h => (string?)h["event"] == "cancelled").Select(h => (string?)h["detail"]));
                if (!reason.Contains(flaky, StringComparison.Ordinal)) failures.Add($"{successor.Id}: cancel reason '{reason}' does not name {flaky}");
                if (Attempts(view).Count > 0 || Count("TaskReleased") != 0) failures.Add($"{successor.Id}: cancelled but released or ran");
                lines.Add($"{successor.Id} after {successor.After.Count} ({successor.Condition}): Cancelled: {reason}");
                continue;
            }
            var attempts = Attempts(view);
            var succeeded = attempts.Count(a => (string?)a["outcome"] == "succeeded");
            var firstStart = attempts.Count > 0 ? Time(attempts[0]["startedAt"]!) : DateTimeOffset.MaxValue;
            var released = History(view).Where(h => (string?)h["event"] == "released").Select(h => Time(h["at"]!)).ToArray();
            if (succeeded != 1 || Count("AttemptSucceeded") != 1) failures.Add($"{successor.Id}: {succeeded} successful attempts ({Count("AttemptSucceeded")} journaled)");
            if (Count("TaskReleased") != 1 || released.Length != 1) failures.Add($"{successor.Id}: released {Count("TaskReleased")} times");
            if (ends.Any(end => firstStart < end)) failures.Add($"{successor.Id}: first attempt started {firstStart:O} before a predecessor ended ({lastEnd:O})");
            var delay = released.Length == 1 ? (released[0] - lastEnd).TotalSeconds : double.NaN;
            delays.Add(delay);
            // Each arrival after its predecessor's end: well under a second is the push, seconds the recheck or the resume sweep.
            var arrivals = History(view).Where(h => (string?)h["event"] == "predecessor-reached").Select(h => Time(h["at"]!)).Order().ToArray();
            var gaps = string.Join("/", ends.Order().Zip(arrivals, (end, at) => $"{(at - end).TotalSeconds:0.0}"));
            lines.Add($"{successor.Id} after {successor.After.Count} ({successor.Condition}){(touched ? ", a predecessor failed over" : "")}: " +
                $"{state}, {attempts.Count} attempt(s), arrivals {gaps} s after the ends, released {delay:0.00} s after the last, on {Port((string?)attempts.FirstOrDefault()?["node"])}");
        }

        var sorted = delays.Where(d => !double.IsNaN(d)).Order().ToArray();
        var elapsed = DateTimeOffset.UtcNow - started;
        Report.Write(output, "Continuations across a SIGKILL: successors released once, after their predecessors",
        [
            $"3 nodes on PostgreSQL, multi profile, Tasks:AwaitRecheck {Recheck.TotalSeconds:0} s (out of play); {Predecessors} sleeps of 6-7.9 s + 1 flaky (permanent) predecessor; {successors.Count} echo successors after 2-3 each",
            $"ports: {string.Join(", ", Enumerable.Range(0, cluster.Size).Select(n => $"node {n} {Port(cluster.AddressOf(n))}"))}; node {Victim} SIGKILLed with {awaitingAtKill} successors Awaiting and {runningOnVictim} predecessors running on it; restarted {(restartedAt - killedAt).TotalSeconds:0.0} s after the kill",
            sorted.Length == 0 ? "no successor released" :
                $"release after the last predecessor ended: min {sorted[0]:0.00} s, median {sorted[sorted.Length / 2]:0.00} s, max {sorted[^1]:0.00} s ({sorted.Length} released)",
            $"wrong outcomes: {failures.Count}; whole test {elapsed.TotalSeconds:0} s",
            .. lines,
        ]);
        Assert.True(runningOnVictim > 0, $"no predecessor ran on node {Victim} when it was killed: the kill tested nothing");
        Assert.Empty(failures);
        // Released by the push or the removal wake: a successor on the killed node waits at most for its removal.
        Assert.All(sorted, delay => Assert.True(delay < 30, $"released {delay:0.0} s after its last predecessor ended"));
    }

    private static async Task<Successor> SubmitSuccessorAsync(NodeCluster cluster, TaskBook book, int node, string[] after, string condition, string expected)
    {
        var entry = await book.SubmitAsync(cluster, node, "echo", expected, new JsonObject
        {
            ["tool"] = "echo", ["parameters"] = new JsonObject { ["text"] = "after" },
            ["after"] = new JsonArray([.. after.Select(id => (JsonNode)id)]), ["afterCondition"] = condition,
        });
        return new Successor(entry.Id, after, condition, expected);
    }

    private static async Task<Dictionary<string, string>> StatesAsync(NodeCluster cluster, IEnumerable<string> ids)
    {
        var states = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var id in ids)
            if (await TaskBook.TryGetAsync(cluster, id) is { } task) states[id] = (string)task["state"]!;
        return states;
    }

    /// <summary>When the task ended: its transition into a terminal state, as journaled.</summary>
    private static DateTimeOffset EndedAt(JsonObject task) =>
        History(task).Where(h => TaskBook.TerminalStates.Contains((string)h["status"]!)).Select(h => Time(h["at"]!)).Min();

    private static List<JsonNode> Attempts(JsonObject task) => [.. task["attemptHistory"]!.AsArray().Select(a => a!)];

    private static List<JsonNode> History(JsonObject task) => [.. task["history"]!.AsArray().Select(h => h!)];

    private static string Port(string? address) => address is null ? "none" : address[(address.LastIndexOf(':') + 1)..];

    private static DateTimeOffset Time(JsonNode node) => DateTimeOffset.Parse((string)node!, CultureInfo.InvariantCulture);
}
