using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using FaultTolerantRunner.Node.Tests.Support;

namespace FaultTolerantRunner.Node.Tests;

/// <summary><c>GET /api/tasks</c>'s filters against a real node: text, idempotency key and time combine; bad values are 400s naming the parameter.</summary>
public sealed class TaskListFilterTests(NodeFixture node) : IClassFixture<NodeFixture>
{
    [Fact]
    public async Task Text_idempotency_key_and_since_narrow_the_list_to_the_matching_task()
    {
        var marker = "needle-" + Guid.NewGuid().ToString("N");
        var key = "order-" + Guid.NewGuid().ToString("N");
        var since = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddMinutes(-1).ToString("O"));
        var keyed = await node.SubmitAsync(new { tool = "echo", parameters = new { text = marker.ToUpperInvariant() }, idempotencyKey = key });
        var other = await node.SubmitAsync(new { tool = "echo", parameters = new { text = marker } });
        await node.SubmitAsync(new { tool = "echo", parameters = new { text = "unrelated" }, idempotencyKey = key + "-2" });

        var byText = await ListAsync($"/api/tasks?q={marker}", items => items.Count == 2, "both tasks carrying the marker listed");
        var narrowed = await ListAsync($"/api/tasks?q={marker}&idempotencyKey={key}&since={since}", items => items.Count == 1, "the keyed task listed");
        var future = await node.Http.GetFromJsonAsync<JsonObject>(
            $"/api/tasks?q={marker}&since={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddHours(1).ToString("O"))}");

        Assert.Equal([(string)other["id"]!, (string)keyed["id"]!], byText.Select(t => (string)t!["id"]!));
        var row = Assert.Single(narrowed);
        Assert.Equal(((string)keyed["id"]!, key), ((string)row!["id"]!, (string?)row["idempotencyKey"]));
        Assert.Empty(future!["items"]!.AsArray());
        Assert.Equal(0, (int)future["total"]!);
    }

    [Theory]
    [InlineData("since=yesterday", "invalid-since", "since")]
    [InlineData("since=2026-11-23T09:00:00+01:00", "invalid-since", "%2B")]
    [InlineData("until=soon", "invalid-until", "until")]
    [InlineData("since=2026-11-23T09:00:00Z&until=2026-11-23T08:00:00Z", "invalid-until", "later than since")]
    [InlineData("category=transiant", "invalid-category", "did you mean 'transient'")]
    public async Task A_bad_filter_value_is_a_400_naming_the_parameter(string query, string code, string mentioned)
    {
        var response = await node.Http.GetAsync("/api/tasks?" + query);
        var problem = await Problem.ReadAsync(response);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(code, (string?)problem["code"]);
        var text = (string)problem["message"]! + " " + string.Join(" ", problem["suggestedActions"]!.AsArray().Select(a => (string)a!));
        Assert.Contains(mentioned, text, StringComparison.Ordinal);
    }

    private async Task<JsonArray> ListAsync(string url, Func<JsonArray, bool> holds, string what)
    {
        var page = await Eventually.Until(async () => (await node.Http.GetFromJsonAsync<JsonObject>(url))!, p => holds(p["items"]!.AsArray()),
            TimeSpan.FromSeconds(30), what);
        return page["items"]!.AsArray();
    }
}
