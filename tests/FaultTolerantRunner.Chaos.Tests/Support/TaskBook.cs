using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace FaultTolerantRunner.Chaos.Tests.Support;

/// <summary>
/// Every task the suite submitted and what it expects of it. A submit is retried on another node with the same
/// idempotency key when its node dies mid-request, so "accepted" means: some node answered 200/202 with the task.
/// </summary>
public sealed class TaskBook
{
    private readonly ConcurrentDictionary<string, Entry> _tasks = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<Entry> _inOrder = new();

    public sealed record Entry(string Id, string Kind, string Expected, string IdempotencyKey);

    /// <summary>In the order they were accepted.</summary>
    public IReadOnlyCollection<Entry> Accepted => _inOrder.ToArray();

    public async Task<Entry> SubmitAsync(NodeCluster cluster, int preferredNode, string kind, string expected, JsonObject body) =>
        await TrySubmitAsync(cluster, preferredNode, kind, expected, body, isolationRefuses: false)
        ?? throw new InvalidOperationException("unreachable: a submit that may not be refused for isolation returned none");

    /// <summary>
    /// Submits through <paramref name="preferredNode"/>, then the other running nodes, until one accepts (bounded at 60 s).
    /// With <paramref name="isolationRefuses"/>, a node answering <c>503 tool-isolated</c> is a deliberate refusal, not an
    /// outage: the submit moves on, and returns null once every running node has refused it that way.
    /// </summary>
    public async Task<Entry?> TrySubmitAsync(NodeCluster cluster, int preferredNode, string kind, string expected, JsonObject body,
        bool isolationRefuses)
    {
        var key = $"{kind}-{Guid.NewGuid():N}";
        body["idempotencyKey"] = key;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        var isolatedOn = new HashSet<int>();
        var lastAnswer = "none";
        for (var round = 0; ; round++)
        {
            var running = cluster.Running.ToArray();
            var node = running.Contains(preferredNode) && round == 0 ? preferredNode : running[round % running.Length];
            try
            {
                using var response = await cluster.Http(node).PostAsJsonAsync("/api/tasks", body);
                if (response.StatusCode is HttpStatusCode.Accepted or HttpStatusCode.OK)
                {
                    var id = (string)(await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!;
                    var entry = new Entry(id, kind, expected, key);
                    if (_tasks.TryAdd(id, entry)) _inOrder.Enqueue(entry);
                    return entry;
                }
                var text = await response.Content.ReadAsStringAsync();
                if ((int)response.StatusCode < 500)
                    throw new Xunit.Sdk.XunitException($"submit of {kind} refused: {(int)response.StatusCode} {text}");
                lastAnswer = $"node {node}: {(int)response.StatusCode} {text}";
                if (isolationRefuses && response.StatusCode == HttpStatusCode.ServiceUnavailable && ProblemCode(text) == "tool-isolated")
                {
                    isolatedOn.Add(node);
                    if (running.All(isolatedOn.Contains)) return null;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && DateTime.UtcNow < deadline)
            {
                // The node died or is leaving: the same key on another node either finds the task or creates it once.
                lastAnswer = $"node {node}: {e.GetType().Name}: {e.Message}";
            }
            if (DateTime.UtcNow >= deadline)
                throw new Xunit.Sdk.XunitException($"submit of {kind} not accepted within 60 s; last answer: {lastAnswer}");
            await Task.Delay(TimeSpan.FromMilliseconds(200));
        }
    }

    private static string? ProblemCode(string body)
    {
        try
        {
            return JsonNode.Parse(body) is JsonObject problem ? (string?)problem["code"] : null;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    /// <summary>Polls every task until all are terminal (bounded in time); returns the final view of each.</summary>
    public async Task<Dictionary<string, JsonObject>> AwaitTerminalAsync(NodeCluster cluster, TimeSpan within)
    {
        var final = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        var deadline = DateTime.UtcNow + within;
        var pending = new Queue<string>(_tasks.Keys);
        while (pending.Count > 0 && DateTime.UtcNow < deadline)
        {
            var lap = pending.Count;
            for (var i = 0; i < lap && DateTime.UtcNow < deadline; i++)
            {
                var id = pending.Dequeue();
                var task = await TryGetAsync(cluster, id);
                if (task is not null && TerminalStates.Contains((string)task["state"]!)) final[id] = task;
                else pending.Enqueue(id);
            }
            if (pending.Count > 0) await Task.Delay(TimeSpan.FromMilliseconds(500));
        }
        if (pending.Count > 0)
        {
            var sample = new List<string>();
            foreach (var id in pending.Take(5))
                sample.Add($"{id} ({_tasks[id].Kind}): {(await TryGetAsync(cluster, id))?.ToJsonString() ?? "no answer"}");
            throw new Xunit.Sdk.XunitException($"{pending.Count} of {_tasks.Count} tasks not terminal within {within}:\n{string.Join("\n", sample)}");
        }
        return final;
    }

    public static readonly IReadOnlySet<string> TerminalStates = new HashSet<string>(["Succeeded", "Degraded", "DeadLettered", "Failed", "Cancelled"]);

    public static async Task<JsonObject?> TryGetAsync(NodeCluster cluster, string id)
    {
        foreach (var node in cluster.Running)
        {
            try
            {
                using var response = await cluster.Http(node).GetAsync($"/api/tasks/{id}");
                if (response.IsSuccessStatusCode) return await response.Content.ReadFromJsonAsync<JsonObject>();
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // Try the next node.
            }
        }
        return null;
    }
}
