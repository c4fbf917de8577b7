using System.Net;
using System.Net.Http.Json;
using static FaultTolerantRunner.Node.Tests.Dashboard.TaskPageHtml;

namespace FaultTolerantRunner.Node.Tests.Dashboard;

public sealed class TaskDetailPageTests(NodeFixture node) : IClassFixture<NodeFixture>
{
    [Fact]
    public async Task A_succeeded_task_shows_its_parameters_result_and_timeline_in_order()
    {
        var id = (string)(await node.SubmitAsync(new { tool = "echo", parameters = new { text = "detail page" }, idempotencyKey = "key-" + Guid.NewGuid() }))["id"]!;
        var api = await node.AwaitStateAsync(id, "Succeeded");

        var (status, html) = await GetAsync(node.Http, $"/dashboard/tasks/{id}");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("<span class=\"badge s-succeeded\">Succeeded</span>", Element(html, "span", "task-status"));
        Assert.Contains("\"text\": \"detail page\"", Text(Element(html, "pre", "task-parameters")!));
        Assert.Contains("\"text\": \"detail page\"", Text(Element(html, "pre", "task-result")!));
        Assert.Contains((string)api["idempotencyKey"]!, Element(html, "dd", "task-idempotency-key"));
        Assert.Equal(api["history"]!.AsArray().Select(h => (string)h!["event"]!), TimelineEvents(html));
        Assert.Equal(["accepted", "attempt-started", "attempt-succeeded"], TimelineEvents(html));
        Assert.Contains("<tr data-attempt=\"1\">", Element(html, "table", "attempts"));
        Assert.Null(Element(html, "button", "action-cancel"));
        Assert.Null(Element(html, "button", "action-requeue"));
    }

    [Fact]
    public async Task An_awaiting_task_shows_its_badge_and_links_its_predecessors_marking_the_pending_one()
    {
        var done = (string)(await node.SubmitAsync(new { tool = "echo" }))["id"]!;
        await node.AwaitStateAsync(done, "Succeeded");
        var running = (string)(await node.SubmitAsync(new { tool = "sleep", parameters = new { ms = 60000 } }))["id"]!;
        var id = (string)(await node.SubmitAsync(new { tool = "echo", after = new[] { done, running } }))["id"]!;
        await Eventually.Until(async () => (await node.Http.GetFromJsonAsync<System.Text.Json.Nodes.JsonObject>($"/api/tasks/{id}"))!["awaiting"]!.AsArray().Count,
            n => n == 1, TimeSpan.FromSeconds(10), "the finished predecessor counted");

        var (_, html) = await GetAsync(node.Http, $"/dashboard/tasks/{id}");

        Assert.Contains("<span class=\"badge s-awaiting\">Awaiting</span>", Element(html, "span", "task-status"));
        var after = Element(html, "dd", "task-after")!;
        Assert.Contains($"/dashboard/tasks/{done}", after);
        Assert.Contains($"/dashboard/tasks/{running}", after);
        Assert.Equal(1, System.Text.RegularExpressions.Regex.Count(after, "\\(pending\\)"));
        Assert.Contains(running[..8] + "</a> (pending)", after);
        await node.Http.PostAsync($"/api/tasks/{running}/cancel", null);
    }

    [Fact]
    public async Task A_dead_lettered_task_shows_each_attempts_classified_error_with_its_suggested_actions_and_requeue_and_purge()
    {
        var id = (string)(await node.SubmitAsync(new { tool = "flaky", parameters = new { failures = 5, category = "permanent" } }))["id"]!;
        var api = await node.AwaitStateAsync(id, "DeadLettered");
        var error = api["attemptHistory"]![0]!["error"]!;

        var (_, html) = await GetAsync(node.Http, $"/dashboard/tasks/{id}");

        var attempts = Element(html, "table", "attempts")!;
        Assert.Contains($"data-code=\"{(string)error["code"]!}\"", attempts);
        var attemptText = Text(attempts);
        Assert.Contains((string)error["message"]!, attemptText);
        Assert.All(error["suggestedActions"]!.AsArray(), a => Assert.Contains((string)a!, attemptText));
        Assert.Contains($"/api/dlq/{id}/requeue", attemptText);
        Assert.Contains("severity medium", Text(Element(html, "section", "task-last-error")!));
        Assert.Equal(["accepted", "attempt-started", "attempt-failed", "dead-lettered"], TimelineEvents(html));
        Assert.Contains($"data-url=\"/api/dlq/{id}/requeue\"", Element(html, "button", "action-requeue"));
        var purge = Element(html, "button", "action-purge")!;
        Assert.Contains("data-method=\"DELETE\"", purge);
        Assert.Contains("data-confirm=\"Purge task", purge);
        Assert.Null(Element(html, "button", "action-cancel"));
    }

    [Fact]
    public async Task An_unfinished_task_offers_cancel_with_a_confirmation()
    {
        var id = (string)(await node.SubmitAsync(new { tool = "sleep", parameters = new { ms = 600000 } }))["id"]!;
        await node.AwaitStateAsync(id, "Running");
        try
        {
            var (_, html) = await GetAsync(node.Http, $"/dashboard/tasks/{id}");

            var cancel = Element(html, "button", "action-cancel")!;
            Assert.Contains($"data-url=\"/api/tasks/{id}/cancel\"", cancel);
            Assert.Contains("data-method=\"POST\"", cancel);
            Assert.Contains("data-confirm=\"Cancel task", cancel);
            Assert.Null(Element(html, "button", "action-requeue"));
            Assert.Contains("<span class=\"muted\">running</span>", Element(html, "table", "attempts"));
        }
        finally
        {
            (await node.Http.PostAsync($"/api/tasks/{id}/cancel", null)).EnsureSuccessStatusCode();
        }
    }

    [Fact]
    public async Task An_unknown_id_is_a_404_problem_page_and_a_malformed_one_a_400()
    {
        var (missing, missingHtml) = await GetAsync(node.Http, "/dashboard/tasks/0123456789abcdef0123456789abcdef");
        var (malformed, malformedHtml) = await GetAsync(node.Http, "/dashboard/tasks/not-a-task");

        Assert.Equal(HttpStatusCode.NotFound, missing);
        Assert.Equal("task-not-found", ProblemCode(missingHtml));
        Assert.Null(Element(missingHtml, "ol", "timeline"));
        Assert.Equal(HttpStatusCode.BadRequest, malformed);
        Assert.Equal("invalid-task-id", ProblemCode(malformedHtml));
    }
}

public sealed class ReadOnlyNodeFixture : NodeFixture
{
    protected override IEnumerable<string> ExtraArgs => ["--Dashboard:ReadOnly=true"];
}

public sealed class ReadOnlyTaskDetailPageTests(ReadOnlyNodeFixture node) : IClassFixture<ReadOnlyNodeFixture>
{
    [Fact]
    public async Task A_read_only_node_renders_no_action_buttons_for_an_unfinished_or_a_dead_lettered_task()
    {
        var running = (string)(await node.SubmitAsync(new { tool = "sleep", parameters = new { ms = 600000 } }))["id"]!;
        var dead = (string)(await node.SubmitAsync(new { tool = "flaky", parameters = new { failures = 1, category = "permanent" } }))["id"]!;
        await node.AwaitStateAsync(running, "Running");
        await node.AwaitStateAsync(dead, "DeadLettered");
        try
        {
            foreach (var id in new[] { running, dead })
            {
                var (status, html) = await GetAsync(node.Http, $"/dashboard/tasks/{id}");
                Assert.Equal(HttpStatusCode.OK, status);
                Assert.Contains("id=\"read-only\"", html);
                Assert.Contains("id=\"timeline\"", html);
                Assert.DoesNotContain("data-ftr-action", html);
                Assert.DoesNotContain("id=\"action-", html);
            }
        }
        finally
        {
            (await node.Http.PostAsync($"/api/tasks/{running}/cancel", null)).EnsureSuccessStatusCode();
        }
    }
}
