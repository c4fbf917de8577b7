using System.Net;
using static FaultTolerantRunner.Node.Tests.Dashboard.TaskPageHtml;

namespace FaultTolerantRunner.Node.Tests.Dashboard;

public sealed class TasksPageTests(NodeFixture node) : IClassFixture<NodeFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task A_submitted_task_is_listed_with_its_state_and_a_link_to_its_detail()
    {
        var marker = Marker();
        var id = await SubmitEchoAsync(marker);
        await node.AwaitStateAsync(id, "Succeeded");

        var html = await ListedAsync($"/dashboard/tasks?q={marker}", rows => rows.Contains(id), "the task on the tasks page");

        var row = Row(html, id)!;
        Assert.Contains($"<a class=\"task-link\" href=\"/dashboard/tasks/{id}\" title=\"{id}\">", row);
        Assert.Contains($"<code>{id[..8]}</code>", row);
        Assert.Matches("<td class=\"state\"><span class=\"badge s-succeeded\">Succeeded</span></td>", row);
        Assert.Contains("echo", Text(row));
        Assert.Contains("id=\"tasks-live\"", html);
    }

    [Fact]
    public async Task State_tool_category_key_and_text_filters_narrow_the_list()
    {
        var marker = Marker();
        var key = "order-" + marker;
        var echo = await SubmitEchoAsync(marker);
        var flaky = (string)(await node.SubmitAsync(new
        {
            tool = "flaky", parameters = new { failures = 1, category = "permanent", compensation = marker }, idempotencyKey = key,
        }))["id"]!;
        await node.AwaitStateAsync(echo, "Succeeded");
        await node.AwaitStateAsync(flaky, "DeadLettered");
        await ListedAsync($"/dashboard/tasks?q={marker}", rows => rows.Contains(echo) && rows.Contains(flaky), "both tasks listed");
        // The index applies the dead-letter event a moment after the entity reports it.
        await ListedAsync($"/dashboard/tasks?q={marker}&state=DeadLettered", rows => rows.Contains(flaky), "the dead-letter indexed");

        Assert.Equal([flaky], await RowsAsync($"/dashboard/tasks?q={marker}&state=DeadLettered"));
        Assert.Equal([echo], await RowsAsync($"/dashboard/tasks?q={marker}&tool=echo"));
        Assert.Equal([flaky], await RowsAsync($"/dashboard/tasks?q={marker}&category=permanent"));
        Assert.Equal([flaky], await RowsAsync($"/dashboard/tasks?idempotencyKey={key}"));
        var since = DateTimeOffset.UtcNow.AddMinutes(1).ToString("yyyy-MM-dd'T'HH:mm:ss");
        var (_, later) = await GetAsync(node.Http, $"/dashboard/tasks?q={marker}&since={since}");
        Assert.Empty(TaskRows(later));
        Assert.Contains("id=\"no-tasks\"", later);
        Assert.Contains($"value=\"{since}\"", later);

        var (_, failed) = await GetAsync(node.Http, $"/dashboard/tasks?q={marker}&state=DeadLettered");
        var row = Row(failed, flaky)!;
        Assert.Contains("<span class=\"badge s-permanent\">permanent</span>", row);
        Assert.Contains("Access to the path", Text(row));
    }

    [Fact]
    public async Task The_list_is_paged_on_the_server_newest_first()
    {
        var marker = Marker();
        var ids = new List<string>();
        for (var i = 0; i < 3; i++) ids.Add(await SubmitEchoAsync(marker));
        await ListedAsync($"/dashboard/tasks?q={marker}", rows => rows.Count == 3, "the three tasks listed");

        var (_, first) = await GetAsync(node.Http, $"/dashboard/tasks?q={marker}&limit=2");
        var (_, second) = await GetAsync(node.Http, $"/dashboard/tasks?q={marker}&limit=2&offset=2");

        Assert.Equal([ids[2], ids[1]], TaskRows(first));
        Assert.Equal([ids[0]], TaskRows(second));
        Assert.Contains("1–2 of 3", Text(first));
        Assert.Contains($"href=\"/dashboard/tasks?q={marker}&amp;limit=2&amp;offset=2\" rel=\"next\"", first);
        Assert.Contains("rel=\"prev\"", second);
        Assert.DoesNotContain("rel=\"next\"", second);
    }

    [Theory]
    [InlineData("state=Bogus", "invalid-state")]
    [InlineData("since=yesterday", "invalid-since")]
    [InlineData("since=2026-11-23T09:00:00Z&until=2026-11-23T08:00:00Z", "invalid-until")]
    [InlineData("category=flaky", "invalid-category")]
    [InlineData("limit=201", "invalid-query")]
    [InlineData("offset=-1", "invalid-query")]
    public async Task A_bad_query_value_is_a_400_with_the_standard_problem(string query, string code)
    {
        var (status, html) = await GetAsync(node.Http, "/dashboard/tasks?" + query);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(code, ProblemCode(html));
        Assert.Null(Element(html, "table", "tasks"));
        Assert.Contains("id=\"task-filters\"", html);
    }

    private async Task<string> SubmitEchoAsync(string marker) =>
        (string)(await node.SubmitAsync(new { tool = "echo", parameters = new { text = "dashboard " + marker } }))["id"]!;

    private async Task<IReadOnlyList<string>> RowsAsync(string path)
    {
        var (status, html) = await GetAsync(node.Http, path);
        Assert.Equal(HttpStatusCode.OK, status);
        return TaskRows(html);
    }

    /// <summary>The index follows the journal: a new task is listed soon after it is accepted, not at once.</summary>
    private async Task<string> ListedAsync(string path, Func<IReadOnlyList<string>, bool> holds, string what) =>
        (await Eventually.Until(() => GetAsync(node.Http, path), page => holds(TaskRows(page.Html)), Patience, what)).Html;

    private static string Marker() => "m" + Guid.NewGuid().ToString("N")[..12];
}
