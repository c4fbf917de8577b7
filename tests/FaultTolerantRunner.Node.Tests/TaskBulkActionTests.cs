using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using FaultTolerantRunner.Node.Tests.Support;

namespace FaultTolerantRunner.Node.Tests;

/// <summary>
/// <c>POST /api/tasks/cancel</c> and <c>/retry</c> against a real node: a dry run counts, cancel touches only the unfinished
/// matches, retry requeues the dead-lettered ones, the bound leaves a remainder a repeated call picks up, and a filter is required.
/// Each test filters by its own start time, so the tasks of the others never match.
/// </summary>
public sealed class TaskBulkActionTests(NodeFixture node) : IClassFixture<NodeFixture>
{
    [Fact]
    public async Task A_dry_run_counts_and_cancel_by_tool_cancels_only_the_unfinished_tasks_of_that_tool()
    {
        var since = DateTimeOffset.UtcNow.AddMilliseconds(-1).ToString("O");
        var finished = await SubmitAsync(new { tool = "sleep", parameters = new { ms = 1 } });
        await node.AwaitStateAsync(finished, "Succeeded");
        var running = new[] { await SubmitAsync(new { tool = "sleep", parameters = new { ms = 120_000 } }), await SubmitAsync(new { tool = "sleep", parameters = new { ms = 120_000 } }) };
        var otherTool = await SubmitAsync(new { tool = "flaky", parameters = new { failures = 1000, category = "transient" } });
        var filter = new { tool = "sleep", since };
        await Eventually.Until(() => PostAsync("/api/tasks/cancel", new { filter.tool, filter.since, dryRun = true }),
            r => (int)r["eligible"]! == 2 && (int)r["matched"]! == 3, TimeSpan.FromSeconds(20), "the index listing the three sleeps");

        var dry = await PostAsync("/api/tasks/cancel", new { filter.tool, filter.since, dryRun = true });
        var act = await PostAsync("/api/tasks/cancel", new { filter.tool, filter.since, reason = "bulk test" });

        Assert.Equal((true, 0, 1), ((bool)dry["dryRun"]!, (int)dry["acted"]!, (int)dry["skipped"]!["already-finished"]!));
        Assert.Equal(running.Order(), dry["ids"]!.AsArray().Select(i => (string)i!).Order());
        Assert.Equal(running.Order(), act["ids"]!.AsArray().Select(i => (string)i!).Order());
        Assert.Equal((2, 0), ((int)act["acted"]!, (int)act["remaining"]!));
        foreach (var id in running) await node.AwaitStateAsync(id, "Cancelled");
        Assert.Equal("Succeeded", (string?)(await GetAsync(finished))["state"]);
        Assert.NotEqual("Cancelled", (string?)(await GetAsync(otherTool))["state"]);
        await node.Http.PostAsync($"/api/tasks/{otherTool}/cancel", null);
    }

    [Fact]
    public async Task Retry_by_filter_requeues_dead_lettered_tasks_within_the_bound_and_a_repeat_does_the_rest()
    {
        var since = DateTimeOffset.UtcNow.AddMilliseconds(-1).ToString("O");
        var dead = new List<string>();
        for (var i = 0; i < 3; i++) dead.Add(await SubmitAsync(new { tool = "flaky", parameters = new { failures = 1, category = "permanent" } }));
        foreach (var id in dead) await node.AwaitStateAsync(id, "DeadLettered");
        var fingerprint = (string)(await node.Http.GetFromJsonAsync<JsonObject>($"/api/dlq/{dead[0]}"))!["error"]!["fingerprint"]!;
        await Eventually.Until(() => PostAsync("/api/tasks/retry", new { tool = "flaky", since, dryRun = true }), r => (int)r["eligible"]! == 3,
            TimeSpan.FromSeconds(20), "the index listing the three dead letters");
        var byFingerprint = (await node.Http.GetFromJsonAsync<JsonObject>($"/api/tasks?fingerprint={Uri.EscapeDataString(fingerprint)}&since={Uri.EscapeDataString(since)}"))!;

        var first = await PostAsync("/api/tasks/retry", new { tool = "flaky", since, limit = 2 });
        await Eventually.Until(() => PostAsync("/api/tasks/retry", new { tool = "flaky", since, dryRun = true }), r => (int)r["eligible"]! == 1,
            TimeSpan.FromSeconds(20), "the index seeing two requeued");
        var second = await PostAsync("/api/tasks/retry", new { tool = "flaky", since, limit = 2 });

        Assert.Equal(dead.Order(), byFingerprint["items"]!.AsArray().Select(i => (string)i!["id"]!).Order());
        Assert.Equal((2, 1), ((int)first["acted"]!, (int)first["remaining"]!));
        Assert.Equal((1, 0), ((int)second["acted"]!, (int)second["remaining"]!));
        Assert.Equal(dead.Order(), first["ids"]!.AsArray().Concat(second["ids"]!.AsArray()).Select(i => (string)i!).Order());
        foreach (var id in dead) await node.AwaitStateAsync(id, "Succeeded");
    }

    [Theory]
    [InlineData("/api/tasks/cancel", "{}", "filter-required")]
    [InlineData("/api/tasks/retry", "{\"dryRun\":true}", "filter-required")]
    [InlineData("/api/tasks/cancel", "{\"tool\":\"sleep\",\"limit\":10001}", "invalid-limit")]
    [InlineData("/api/tasks/cancel", "{\"stat\":\"Running\"}", "unknown-field")]
    public async Task A_bulk_act_without_a_criterion_or_with_a_bad_field_is_a_400(string route, string body, string code)
    {
        var response = await node.Http.PostAsync(route, new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(code, (string?)(await Problem.ReadAsync(response))["code"]);
    }

    private async Task<string> SubmitAsync(object body) => (string)(await node.SubmitAsync(body))["id"]!;

    private async Task<JsonObject> GetAsync(string id) => (await node.Http.GetFromJsonAsync<JsonObject>($"/api/tasks/{id}"))!;

    private async Task<JsonObject> PostAsync(string route, object body)
    {
        var response = await node.Http.PostAsJsonAsync(route, body);
        var json = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        return response.IsSuccessStatusCode ? json : throw new InvalidOperationException($"{route}: {(int)response.StatusCode} {json}");
    }
}
