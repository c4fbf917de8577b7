using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using FaultTolerantRunner.Node.Tests.Support;

namespace FaultTolerantRunner.Node.Tests;

/// <summary>A critical failure escalates to the node supervisor, which isolates the tool until an operator re-enables it.</summary>
public sealed class IsolationTests(NodeFixture node) : IClassFixture<NodeFixture>
{
    [Fact]
    public async Task A_critical_failure_isolates_the_tool_until_it_is_re_enabled()
    {
        var id = (string)(await node.SubmitAsync(new { tool = "flaky", parameters = new { failures = 1, category = "critical" } }))["id"]!;
        var dead = await node.AwaitStateAsync(id, "DeadLettered");
        Assert.Equal("escalate", (string?)dead["lastError"]!["directive"]);

        var refused = await Eventually.Until(() => node.Http.PostAsJsonAsync("/api/tasks", new { tool = "flaky", parameters = new { failures = 0 } }),
            r => r.StatusCode == HttpStatusCode.ServiceUnavailable, TimeSpan.FromSeconds(10), "intake for the isolated tool refused");
        var problem = await Problem.ReadAsync(refused);
        Assert.Equal("tool-isolated", (string?)problem["code"]);
        Assert.Contains("/api/tools/flaky/enable", problem["suggestedActions"]![0]!.ToString());
        var other = await node.Http.PostAsJsonAsync("/api/tasks", new { tool = "echo" });
        Assert.Equal(HttpStatusCode.Accepted, other.StatusCode);

        var enable = await node.Http.PostAsync("/api/tools/flaky/enable", null);
        var accepted = await node.Http.PostAsJsonAsync("/api/tasks", new { tool = "flaky", parameters = new { failures = 0 } });

        Assert.True((bool)(await enable.Content.ReadFromJsonAsync<JsonObject>())!["wasIsolated"]!);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
    }
}
