using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using FaultTolerantRunner.Node.Tests.Support;

namespace FaultTolerantRunner.Node.Tests;

public sealed class DeadLetterQueueTests(NodeFixture node) : IClassFixture<NodeFixture>
{
    [Fact]
    public async Task A_permanent_failure_lands_in_the_queue_after_one_attempt_and_a_requeue_runs_it_again()
    {
        var id = (string)(await node.SubmitAsync(new { tool = "flaky", parameters = new { failures = 1, category = "permanent" } }))["id"]!;
        var dead = await node.AwaitStateAsync(id, "DeadLettered");
        Assert.Equal(1, (int)dead["attempts"]!);

        var listed = await Eventually.Until(() => node.Http.GetFromJsonAsync<JsonObject>("/api/dlq?tool=flaky&category=permanent"),
            l => l!["items"]!.AsArray().Any(i => (string?)i!["id"] == id), TimeSpan.FromSeconds(10), "the task listed in the DLQ");
        var entry = (await node.Http.GetFromJsonAsync<JsonObject>($"/api/dlq/{id}"))!;
        Assert.Equal("permanent", (string?)entry["error"]!["category"]);
        Assert.Contains(entry["error"]!["suggestedActions"]!.AsArray(), a => ((string)a!).Contains("requeue"));
        Assert.Single(entry["task"]!["attemptHistory"]!.AsArray());

        var requeue = await node.Http.PostAsync($"/api/dlq/{id}/requeue", null);
        Assert.Equal(HttpStatusCode.OK, requeue.StatusCode);
        var done = await node.AwaitStateAsync(id, "Succeeded");
        Assert.Equal(["failed", "succeeded"], done["attemptHistory"]!.AsArray().Select(a => (string?)a!["outcome"]));
        Assert.Contains(done["history"]!.AsArray(), h => (string?)h!["event"] == "requeued");
        Assert.NotNull(listed);
    }

    [Fact]
    public async Task Purged_tasks_leave_the_queue_but_keep_their_history()
    {
        var id = (string)(await node.SubmitAsync(new { tool = "flaky", parameters = new { failures = 9, category = "validation" } }))["id"]!;
        await node.AwaitStateAsync(id, "DeadLettered");

        var purge = await node.Http.DeleteAsync($"/api/dlq/{id}");
        var entry = await node.Http.GetAsync($"/api/dlq/{id}");
        var task = (await node.Http.GetFromJsonAsync<JsonObject>($"/api/tasks/{id}"))!;

        Assert.Equal(HttpStatusCode.OK, purge.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, entry.StatusCode);
        Assert.Equal("not-in-dead-letter-queue", (string?)(await Problem.ReadAsync(entry))["code"]);
        Assert.Contains(task["history"]!.AsArray(), h => (string?)h!["event"] == "purged");
    }

    [Fact]
    public async Task Requeue_by_filter_acts_on_every_match_and_an_empty_filter_is_refused()
    {
        var ids = new List<string>();
        for (var i = 0; i < 2; i++)
            ids.Add((string)(await node.SubmitAsync(new { tool = "flaky", parameters = new { failures = 1, category = "permanent" } }))["id"]!);
        foreach (var id in ids) await node.AwaitStateAsync(id, "DeadLettered");
        await Eventually.Until(() => node.Http.GetFromJsonAsync<JsonObject>("/api/dlq?tool=flaky"),
            l => ids.All(id => l!["items"]!.AsArray().Any(i => (string?)i!["id"] == id)), TimeSpan.FromSeconds(10), "both listed");

        var empty = await node.Http.PostAsJsonAsync("/api/dlq/requeue", new { });
        var byFilter = (await (await node.Http.PostAsJsonAsync("/api/dlq/requeue", new { tool = "flaky", category = "permanent" })).Content.ReadFromJsonAsync<JsonObject>())!;

        Assert.Equal("filter-required", (string?)(await Problem.ReadAsync(empty))["code"]);
        Assert.Superset(ids.ToHashSet(), byFilter["ids"]!.AsArray().Select(i => (string)i!).ToHashSet());
        foreach (var id in ids) await node.AwaitStateAsync(id, "Succeeded");
    }
}
