using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace FaultTolerantRunner.Node.Tests.Dashboard;

/// <summary>/dashboard/breakers against a real node: every breaker with its state, window and transitions, and the trip/reset buttons.</summary>
public sealed class BreakersPageTests(NodeFixture node) : IClassFixture<NodeFixture>
{
    [Fact]
    public async Task A_breaker_appears_once_tripped_and_its_state_cell_follows_trip_and_reset_through_the_api()
    {
        var service = "svc-" + Guid.NewGuid().ToString("N")[..8];
        Assert.Null((await PageHtml.GetAsync(node.Http, "/dashboard/breakers")).Row(service));

        Assert.Equal(HttpStatusCode.OK, (await node.Http.PostAsync($"/api/breakers/{service}/trip", null)).StatusCode);
        var tripped = await PageHtml.GetAsync(node.Http, "/dashboard/breakers");
        Assert.Equal(HttpStatusCode.OK, (await node.Http.PostAsync($"/api/breakers/{service}/reset", null)).StatusCode);
        var reset = await PageHtml.GetAsync(node.Http, "/dashboard/breakers");

        var row = tripped.Row(service);
        Assert.Equal("Open", PageHtml.State(row));
        Assert.Contains("by hand", row);
        Assert.Contains($"data-url=\"/api/breakers/{service}/trip\"", row);
        Assert.Contains($"data-url=\"/api/breakers/{service}/reset\"", row);
        Assert.Matches("class=\"danger trip\"", row);
        Assert.Matches("class=\"action reset\"", row);
        Assert.Equal("Closed", PageHtml.State(reset.Row(service)));
        Assert.Contains("tripped: by operator", reset.Html);
        Assert.Contains("reset: by operator", reset.Html);
        Assert.Contains($"data-transitions-of=\"{service}\"", reset.Html);
    }

    [Fact]
    public async Task The_row_shows_the_window_and_transitions_the_api_reports()
    {
        var service = "svc-" + Guid.NewGuid().ToString("N")[..8];
        await node.Http.PostAsync($"/api/breakers/{service}/trip", null);
        var view = (await node.Http.GetFromJsonAsync<JsonObject>($"/api/breakers/{service}"))!;

        var row = WebUtility.HtmlDecode((await PageHtml.GetAsync(node.Http, "/dashboard/breakers")).Row(service)!);

        Assert.Contains($"/ {(double)view["window"]!["seconds"]!:0.#} s", row);
        Assert.Contains($"<td class=\"num\">{(int)view["window"]!["calls"]!}</td>", row);
        Assert.Contains($"{(long)view["epoch"]!} · {(string)view["changedBy"]!}", row);
    }

    [Fact]
    public async Task The_trip_by_name_form_is_offered_because_a_trip_creates_the_breaker()
    {
        var page = await PageHtml.GetAsync(node.Http, "/dashboard/breakers");

        Assert.Equal("/api/breakers/{name}/trip", page.Attribute("trip-form", "data-url"));
        Assert.Contains("<label for=\"trip-name\">", page.Html);
    }
}
