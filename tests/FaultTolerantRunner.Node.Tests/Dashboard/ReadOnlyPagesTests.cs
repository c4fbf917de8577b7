using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace FaultTolerantRunner.Node.Tests.Dashboard;

/// <summary>A node started with <c>Dashboard:ReadOnly=true</c>.</summary>
public sealed class ReadOnlyDashboardNodeFixture : NodeFixture
{
    protected override IEnumerable<string> ExtraArgs => ["--Dashboard:ReadOnly=true"];
}

/// <summary>Read-only mode shows the dead letters and breakers but offers no action, not even a selection.</summary>
public sealed class ReadOnlyPagesTests(ReadOnlyDashboardNodeFixture node) : IClassFixture<ReadOnlyDashboardNodeFixture>
{
    [Fact]
    public async Task The_dlq_page_lists_entries_without_checkboxes_or_buttons()
    {
        var id = (string)(await node.SubmitAsync(new { tool = "flaky", parameters = new { failures = 1, category = "permanent" } }))["id"]!;
        await node.AwaitStateAsync(id, "DeadLettered");
        await Eventually.Until(() => node.Http.GetFromJsonAsync<JsonObject>("/api/dlq?category=permanent"),
            l => l!["items"]!.AsArray().Any(i => (string?)i!["id"] == id), TimeSpan.FromSeconds(10), "the task listed in the DLQ");

        var page = await PageHtml.GetAsync(node.Http, "/dashboard/dlq?category=permanent");

        Assert.NotNull(page.Row(id));
        Assert.DoesNotContain("data-ftr-action", page.Html);
        Assert.DoesNotContain("type=\"checkbox\"", page.Html);
        Assert.DoesNotContain("data-select-all", page.Html);
        Assert.Contains("id=\"read-only\"", page.Html);
    }

    [Fact]
    public async Task The_breakers_page_lists_breakers_without_trip_reset_or_the_trip_form()
    {
        await node.Http.PostAsync("/api/breakers/ro-svc/trip", null);

        var page = await PageHtml.GetAsync(node.Http, "/dashboard/breakers");

        Assert.Equal("Open", PageHtml.State(page.Row("ro-svc")));
        Assert.DoesNotContain("data-ftr-action", page.Html);
        Assert.DoesNotContain("data-ftr-form", page.Html);
        Assert.DoesNotContain("id=\"trip-form\"", page.Html);
    }
}
