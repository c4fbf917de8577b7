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

    [Fact]
    public async Task Requeueing_a_task_that_is_not_in_the_queue_is_a_conflict_naming_its_state()
    {
        var id = (string)(await node.SubmitAsync(new { tool = "echo", parameters = new { text = "done" } }))["id"]!;
        await node.AwaitStateAsync(id, "Succeeded");

        var requeue = await node.Http.PostAsync($"/api/dlq/{id}/requeue", null);
        var problem = await Problem.ReadAsync(requeue);

        Assert.Equal(HttpStatusCode.Conflict, requeue.StatusCode);
        Assert.Equal("not-in-dead-letter-queue", (string?)problem["code"]);
        Assert.Contains("it is Succeeded", (string?)problem["message"]);
        Assert.Contains(problem["suggestedActions"]!.AsArray(), a => ((string)a!).Contains($"ftr tasks show {id}"));
    }

    [Fact]
    public async Task Requeueing_an_unknown_task_is_404_and_retry_has_no_second_route()
    {
        var unknown = await node.Http.PostAsync("/api/dlq/0123456789abcdef0123456789abcdef/requeue", null);
        var retry = await node.Http.PostAsync("/api/tasks/0123456789abcdef0123456789abcdef/retry", null);

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("task-not-found", (string?)(await Problem.ReadAsync(unknown))["code"]);
        Assert.Equal(HttpStatusCode.NotFound, retry.StatusCode);
        Assert.Equal("route-not-found", (string?)(await Problem.ReadAsync(retry))["code"]);
    }
}
