using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using FaultTolerantRunner.Node.Tests.Support;

namespace FaultTolerantRunner.Node.Tests;

/// <summary>A task's own retry policy over HTTP: journaled, applied, shown as the effective policy; out of bounds a 400.</summary>
public sealed class TaskRetryPolicyTests(NodeFixture node) : IClassFixture<NodeFixture>
{
    [Fact]
    public async Task A_tasks_own_policy_is_applied_and_shown_as_its_effective_policy()
    {
        var task = await node.SubmitAsync(new
        {
            tool = "flaky", parameters = new { failures = 5, category = "transient" },
            retry = new { maxAttempts = 2, baseDelay = 0.2, maxDelay = 0.5, nonRetryableCategories = new[] { "external" } },
        });
        var id = (string)task["id"]!;

        var dead = await node.AwaitStateAsync(id, "DeadLettered");
        var shown = (await node.Http.GetFromJsonAsync<JsonObject>($"/api/tasks/{id}"))!["retryPolicy"]!;

        Assert.Equal(2, (int)dead["attempts"]!);
        var failed = dead["history"]!.AsArray().First(h => (string?)h!["event"] == "attempt-failed")!;
        Assert.InRange((double)failed["delayMs"]!, 160, 240); // 0.2 s with the category's ±20 % jitter, not transient's 1 s
        Assert.Equal(("task", 2, 0.2, 0.5), ((string?)shown["source"], (int)shown["maxAttempts"]!, (double)shown["baseDelay"]!, (double)shown["maxDelay"]!));
        Assert.Equal(["external"], shown["nonRetryableCategories"]!.AsArray().Select(c => (string?)c));
        Assert.Equal((1, false), ((int)shown["categories"]!["external"]!["maxRetries"]!, (bool)shown["categories"]!["external"]!["retried"]!));
        Assert.Equal(0.2, (double)shown["categories"]!["transient"]!["baseDelay"]!);
    }

    [Fact]
    public async Task Without_one_the_tool_and_category_policies_are_shown()
    {
        var task = await node.SubmitAsync(new { tool = "echo" });

        var shown = (await node.Http.GetFromJsonAsync<JsonObject>($"/api/tasks/{(string)task["id"]!}"))!["retryPolicy"]!;

        Assert.Equal("tool-and-category", (string?)shown["source"]);
        Assert.Equal(5, (int)shown["categories"]!["transient"]!["maxRetries"]!);
    }

    [Theory]
    [InlineData("""{"tool":"echo","retry":{"maxAttempts":51}}""", "Retry:Bounds:MaxAttempts (50)")]
    [InlineData("""{"tool":"echo","retry":{"baseDelay":0.01}}""", "Retry:Bounds:MinBaseDelay")]
    [InlineData("""{"tool":"echo","retry":{"maxDelay":86400}}""", "Retry:Bounds:MaxDelay")]
    [InlineData("""{"tool":"echo","retry":{"baseDelay":"00:00:05"}}""", "a number of seconds")]
    [InlineData("""{"tool":"echo","retry":{"maxAttempts":2.5}}""", "a whole number")]
    [InlineData("""{"tool":"echo","retry":{"nonRetryableCategories":["sometimes"]}}""", "is not a category")]
    [InlineData("""{"tool":"echo","retry":{"attempts":3}}""", "no member 'attempts'")]
    public async Task A_bad_retry_policy_is_a_400_naming_what_is_wrong(string body, string says)
    {
        var response = await node.Http.PostAsync("/api/tasks", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        var problem = await Problem.ReadAsync(response);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid-retry", (string?)problem["code"]);
        Assert.Contains(says, (string?)problem["message"]);
    }
}
