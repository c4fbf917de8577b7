using System.Net;
using System.Net.Http.Json;

namespace FaultTolerantRunner.Node.Tests.Dashboard;

/// <summary><c>/dashboard/schedules</c> on a real node: the schedules the API holds, with their state and the actions that apply.</summary>
public sealed class SchedulesPageTests(NodeFixture node) : IClassFixture<NodeFixture>
{
    [Fact]
    public async Task A_schedule_is_listed_with_its_cron_state_next_occurrence_and_actions_and_a_pause_shows()
    {
        var name = "page-" + Guid.NewGuid().ToString("N")[..8];
        var created = await node.Http.PostAsJsonAsync("/api/schedules",
            new { name, cron = "0 3 * * *", timeZone = "Europe/Berlin", tool = "echo", parameters = new { text = "hi" } });
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());

        var page = await Eventually.Until(() => PageHtml.GetAsync(node.Http, "/dashboard/schedules"), p => p.Row(name) is not null,
            TimeSpan.FromSeconds(20), "the schedule listed");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        var row = page.Row(name)!;
        Assert.Equal("active", PageHtml.State(row));
        Assert.Contains("<code>0 3 * * *</code>", row);
        Assert.Contains("Europe/Berlin", row);
        Assert.Contains("<time datetime=", row); // the next occurrence
        Assert.Contains($"data-url=\"/api/schedules/{name}/pause\"", row);
        Assert.Contains($"data-url=\"/api/schedules/{name}/trigger\"", row);
        Assert.Contains("data-method=\"DELETE\"", row);

        Assert.True((await node.Http.PostAsync($"/api/schedules/{name}/pause", null)).IsSuccessStatusCode);
        var paused = await Eventually.Until(() => PageHtml.GetAsync(node.Http, "/dashboard/schedules"), p => PageHtml.State(p.Row(name)) == "paused",
            TimeSpan.FromSeconds(20), "the schedule shown paused");
        Assert.Contains($"data-url=\"/api/schedules/{name}/resume\"", paused.Row(name));
        Assert.DoesNotContain("<time datetime=", paused.Row(name)); // a paused schedule has no next occurrence
    }
}
