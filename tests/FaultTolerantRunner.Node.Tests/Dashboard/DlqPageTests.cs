using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace FaultTolerantRunner.Node.Tests.Dashboard;

/// <summary>/dashboard/dlq against a real node: the queue's entries, its filters, the bulk confirmations and the inspect panel.</summary>
public sealed class DlqPageTests(NodeFixture node) : IClassFixture<NodeFixture>
{
    [Fact]
    public async Task A_dead_lettered_task_is_listed_with_its_checkbox_link_and_buttons_and_inspect_shows_its_error_report()
    {
        var id = await DeadLetterAsync("permanent");

        var page = await PageHtml.GetAsync(node.Http, "/dashboard/dlq");
        var row = page.Row(id);

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.NotNull(row);
        Assert.Contains($"<input type=\"checkbox\" name=\"dlq-select\" value=\"{id}\"", row);
        Assert.Contains($"href=\"/dashboard/tasks/{id}\"", row);
        Assert.Contains("<span class=\"badge s-permanent\">permanent</span>", row);
        Assert.Contains($"data-url=\"/api/dlq/{id}/requeue\"", row);
        Assert.Matches($"class=\"danger purge\"[^>]*data-method=\"DELETE\" data-url=\"/api/dlq/{id}\"", row);
        Assert.Contains("data-select-all=\"dlq-select\"", page.Html);
        Assert.Equal("Requeue {n} selected tasks?", page.Attribute("requeue-selected", "data-confirm"));
        Assert.Equal("dlq-select", page.Attribute("purge-selected", "data-selection"));
        Assert.Null(page.Attribute("requeue-matching", "id")); // no filter: no act on everything

        var inspect = await PageHtml.GetAsync(node.Http, $"/dashboard/dlq?inspect={id}");
        var report = (await node.Http.GetFromJsonAsync<JsonObject>($"/api/dlq/{id}"))!["error"]!;
        Assert.Equal(HttpStatusCode.OK, inspect.Status);
        Assert.Contains($"<section class=\"inspect\" id=\"inspect\" data-id=\"{id}\"", inspect.Html);
        Assert.Contains(WebUtility.HtmlEncode((string)report["fingerprint"]!), inspect.Html);
        Assert.Contains(WebUtility.HtmlEncode($"POST /api/dlq/{id}/requeue"), inspect.Html);
    }

    [Fact]
    public async Task Filters_narrow_the_list_and_the_matching_confirmation_states_the_count_the_filter_matches()
    {
        var validation = new[] { await DeadLetterAsync("validation"), await DeadLetterAsync("validation") };
        var permanent = await DeadLetterAsync("permanent");
        var total = (int)(await node.Http.GetFromJsonAsync<JsonObject>("/api/dlq?tool=flaky&category=validation"))!["total"]!;

        var page = await PageHtml.GetAsync(node.Http, "/dashboard/dlq?tool=flaky&category=validation");
        var otherTool = await PageHtml.GetAsync(node.Http, "/dashboard/dlq?tool=echo");
        var future = await PageHtml.GetAsync(node.Http, "/dashboard/dlq?since=2999-01-01T00:00:00Z");

        Assert.All(validation, id => Assert.NotNull(page.Row(id)));
        Assert.Null(page.Row(permanent));
        Assert.True(total >= 2, $"the API counts {total}");
        Assert.Equal($"Requeue all {total} dead-lettered tasks matching tool=flaky, category=validation?", page.Attribute("requeue-matching", "data-confirm"));
        Assert.StartsWith($"Purge all {total} dead-lettered tasks matching tool=flaky, category=validation?", page.Attribute("purge-matching", "data-confirm"));
        Assert.Equal("{\"tool\":\"flaky\",\"category\":\"validation\"}", page.Attribute("requeue-matching", "data-body"));
        Assert.Null(otherTool.Row(permanent));
        Assert.Contains("id=\"dlq-empty\"", otherTool.Html);
        Assert.Null(future.Row(permanent));
    }

    [Fact]
    public async Task The_matching_action_sends_the_body_the_api_takes()
    {
        var id = await DeadLetterAsync("permanent");
        var page = await PageHtml.GetAsync(node.Http, "/dashboard/dlq?category=permanent");

        // What the button sends, sent here: the API takes it and requeues the entry.
        var body = new StringContent(page.Attribute("requeue-matching", "data-body")!, System.Text.Encoding.UTF8, "application/json");
        var result = (await (await node.Http.PostAsync(page.Attribute("requeue-matching", "data-url"), body)).Content.ReadFromJsonAsync<JsonObject>())!;

        Assert.Contains(result["ids"]!.AsArray(), i => (string?)i == id);
        await node.AwaitStateAsync(id, "Succeeded");
    }

    [Theory]
    [InlineData("category=nope", "invalid-category")]
    [InlineData("since=yesterday", "invalid-since")]
    [InlineData("limit=0", "invalid-query")]
    [InlineData("inspect=not-an-id", "invalid-query")]
    public async Task A_bad_query_value_is_a_400_with_the_standard_problem(string query, string code)
    {
        var page = await PageHtml.GetAsync(node.Http, "/dashboard/dlq?" + query);

        Assert.Equal(HttpStatusCode.BadRequest, page.Status);
        Assert.Contains($"data-code=\"{code}\"", page.Html);
        Assert.DoesNotContain("<table id=\"dlq\"", page.Html);
    }

    private async Task<string> DeadLetterAsync(string category)
    {
        var id = (string)(await node.SubmitAsync(new { tool = "flaky", parameters = new { failures = 1, category } }))["id"]!;
        await node.AwaitStateAsync(id, "DeadLettered");
        await Eventually.Until(() => node.Http.GetFromJsonAsync<JsonObject>("/api/dlq?tool=flaky&limit=500"),
            l => l!["items"]!.AsArray().Any(i => (string?)i!["id"] == id), TimeSpan.FromSeconds(10), "the task listed in the DLQ");
        return id;
    }
}
