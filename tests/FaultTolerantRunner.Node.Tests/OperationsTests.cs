using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace FaultTolerantRunner.Node.Tests;

public sealed class OperationsTests(NodeFixture node) : IClassFixture<NodeFixture>
{
    [Fact]
    public async Task Liveness_and_readiness_report_the_member_and_the_journal()
    {
        var live = await node.Http.GetAsync("/health/live");
        var ready = (await node.Http.GetFromJsonAsync<JsonObject>("/health/ready"))!;

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal("ready", (string?)ready["status"]);
        Assert.Equal("Up", (string?)ready["member"]!["status"]);
        Assert.Equal("reachable", (string?)ready["journal"]);
    }

    [Fact]
    public async Task Metrics_count_submitted_and_completed_tasks_and_time_attempts()
    {
        var task = await node.SubmitAsync(new { tool = "echo", parameters = new { text = "metrics" } });
        await node.AwaitStateAsync((string)task["id"]!, "Succeeded");

        var scrape = await Eventually.Until(() => node.Http.GetStringAsync("/metrics"),
            text => text.Contains("ftr_tasks_completed_total{", StringComparison.Ordinal), TimeSpan.FromSeconds(10), "completed counter exported");

        Assert.Contains("ftr_tasks_submitted_total{", scrape);
        Assert.Matches("ftr_tasks_completed_total\\{[^}]*outcome=\"succeeded\"[^}]*tool=\"echo\"|ftr_tasks_completed_total\\{[^}]*tool=\"echo\"[^}]*outcome=\"succeeded\"", scrape);
        Assert.Contains("ftr_attempt_duration_seconds_bucket{", scrape);
        Assert.DoesNotContain((string)task["id"]!, scrape);
    }
}
