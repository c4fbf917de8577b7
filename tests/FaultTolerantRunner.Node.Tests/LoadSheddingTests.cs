using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using FaultTolerantRunner.Node.Tests.Support;

namespace FaultTolerantRunner.Node.Tests;

/// <summary>A node that sheds low-priority intake beyond a backlog of two unfinished tasks, checked every 200 ms.</summary>
public sealed class SheddingNodeFixture : NodeFixture
{
    protected override IEnumerable<string> ExtraArgs =>
        ["--SelfHealing:BacklogLimit=2", "--SelfHealing:HardBacklogLimit=1000", "--SelfHealing:Interval=00:00:00.200", "--SelfHealing:RetryAfter=00:00:03"];
}

public sealed class LoadSheddingTests(SheddingNodeFixture node) : IClassFixture<SheddingNodeFixture>
{
    [Fact]
    public async Task Beyond_the_backlog_low_priority_submissions_get_503_with_Retry_After_and_nothing_accepted_is_lost()
    {
        var key = $"shed-{Guid.NewGuid():N}";
        var accepted = new List<string> { (string)(await node.SubmitAsync(new { tool = "sleep", parameters = new { ms = 3000 }, idempotencyKey = key }))["id"]! };
        for (var i = 0; i < 3; i++) accepted.Add((string)(await node.SubmitAsync(new { tool = "sleep", parameters = new { ms = 3000 } }))["id"]!);

        var refused = await Eventually.Until(
            () => node.Http.PostAsJsonAsync("/api/tasks", new { tool = "echo", parameters = new { text = "later" }, priority = "low" }),
            r => r.StatusCode == HttpStatusCode.ServiceUnavailable, TimeSpan.FromSeconds(10), "the monitor turning shedding on");

        Assert.Equal(TimeSpan.FromSeconds(3), refused.Headers.RetryAfter!.Delta);
        var problem = await Problem.ReadAsync(refused);
        Assert.Equal("load-shed", (string?)problem["code"]);
        Assert.Contains("SelfHealing:BacklogLimit", (string?)problem["message"]);
        // Normal and high priority are still taken below the hard limit.
        var high = await node.Http.PostAsJsonAsync("/api/tasks", new { tool = "echo", parameters = new { text = "urgent" }, priority = "high" });
        Assert.Equal(HttpStatusCode.Accepted, high.StatusCode);
        accepted.Add((string)(await high.Content.ReadFromJsonAsync<JsonObject>())!["id"]!);
        // A resubmission of an accepted task is answered with it even while shedding.
        var again = await node.Http.PostAsJsonAsync("/api/tasks", new { tool = "sleep", parameters = new { ms = 3000 }, idempotencyKey = key, priority = "low" });
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(accepted[0], (string?)(await again.Content.ReadFromJsonAsync<JsonObject>())!["id"]);

        foreach (var id in accepted) await node.AwaitStateAsync(id, "Succeeded", TimeSpan.FromSeconds(30));
        var later = await Eventually.Until(
            () => node.Http.PostAsJsonAsync("/api/tasks", new { tool = "echo", parameters = new { text = "now" }, priority = "low" }),
            r => r.StatusCode == HttpStatusCode.Accepted, TimeSpan.FromSeconds(10), "shedding turning off once the backlog drained");
        Assert.Equal(HttpStatusCode.Accepted, later.StatusCode);

        var diagnostics = (await node.Http.GetFromJsonAsync<JsonObject>("/api/diagnostics"))!;
        var kinds = diagnostics["selfHealingActions"]!.AsArray().Select(a => (string?)a!["kind"]).ToList();
        Assert.Contains("shedding-started", kinds);
        Assert.Contains("shedding-stopped", kinds);
    }

    [Fact]
    public async Task An_unknown_priority_is_a_400_that_lists_the_priorities()
    {
        var response = await node.Http.PostAsJsonAsync("/api/tasks", new { tool = "echo", parameters = new { text = "x" }, priority = "urgent" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await Problem.ReadAsync(response);
        Assert.Equal("invalid-priority", (string?)problem["code"]);
        Assert.Contains("low, normal or high", (string?)problem["message"]);
    }
}
