using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace FaultTolerantRunner.Node.Tests.Dashboard;

/// <summary>The recovery and errors page against a real node: failed tasks show as fingerprints with counts, recovery tables fill in.</summary>
public sealed partial class RecoveryPageTests(NodeFixture node) : IClassFixture<NodeFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_failing_tools_fingerprint_is_listed_with_its_count_and_the_recovery_tables_render()
    {
        var tool = "flaky";
        var ids = new List<string>();
        for (var i = 0; i < 2; i++)
            ids.Add((string)(await node.SubmitAsync(new { tool, parameters = new { failures = 1, category = "transient" } }))["id"]!);
        foreach (var id in ids) await node.AwaitStateAsync(id, "Succeeded");
        // The registry is a projection: wait until it has both reports, then the page must say what the API says.
        var group = await Eventually.Until(async () => (await node.Http.GetFromJsonAsync<JsonObject>("/api/errors?tool=flaky&category=transient&sort=count"))!,
            page => page["items"]!.AsArray().Any(g => (long)g!["count"]! >= 2), Patience, "two flaky reports in the registry");
        var top = group["items"]!.AsArray()[0]!;
        var fingerprint = (string)top["fingerprint"]!;

        var html = await Eventually.Until(() => node.Http.GetStringAsync("/dashboard/recovery?tool=flaky&category=transient&sort=count"),
            h => h.Contains("id=\"strategies\"", StringComparison.Ordinal) && h.Contains("id=\"levels\"", StringComparison.Ordinal)
                && h.Contains("<tr data-id=\"transient\">", StringComparison.Ordinal), Patience,
            "the page with strategies, levels and the window's transient failures (the window follows the task journal)");

        var row = Row(html, "fingerprints", fingerprint);
        Assert.Contains($"<td class=\"num count\">{(long)top["count"]!:N0}</td>", row);
        Assert.Contains("class=\"sparkline\"", row);
        Assert.Contains(">transient</span>", row);
        Assert.Contains(fingerprint, Row(html, "levels", fingerprint));
        Assert.Matches("<table id=\"strategies\">[\\s\\S]*<td class=\"num rate\">", html);
        Assert.Contains("id=\"by-category\"", html);
        Assert.Contains("<tr data-id=\"transient\">", html);
    }

    [Fact]
    public async Task An_error_groups_detail_shows_its_reports_in_the_standard_format_and_a_resolve_button()
    {
        var id = (string)(await node.SubmitAsync(new { tool = "flaky", parameters = new { failures = 1, category = "permanent" } }))["id"]!;
        await node.AwaitStateAsync(id, "DeadLettered");
        var list = await Eventually.Until(async () => (await node.Http.GetFromJsonAsync<JsonObject>("/api/errors?tool=flaky&category=permanent"))!,
            page => page["items"]!.AsArray().Count > 0, Patience, "a permanent flaky report");
        var fingerprint = (string)list["items"]!.AsArray()[0]!["fingerprint"]!;

        var response = await node.Http.GetAsync($"/dashboard/recovery/{Uri.EscapeDataString(fingerprint)}");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("id=\"reports\"", html);
        Assert.Matches("<section class=\"problem\" role=\"alert\" data-code=\"[^\"]+\">", html);
        Assert.Contains("id=\"resolve\"", html);
        Assert.Contains($"data-url=\"/api/errors/{Uri.EscapeDataString(fingerprint)}/resolve\"", html);
    }

    [Fact]
    public async Task A_bad_category_is_a_400_with_the_standard_problem_and_an_unknown_fingerprint_a_404_status()
    {
        var bad = await node.Http.GetAsync("/dashboard/recovery?category=transiant");
        var badHtml = await bad.Content.ReadAsStringAsync();
        var unknown = await node.Http.GetAsync("/dashboard/recovery/no-such-fingerprint");

        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("data-code=\"invalid-category\"", badHtml);
        Assert.Contains("did you mean &#x27;transient&#x27;", badHtml);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    /// <summary>The row of table <paramref name="table"/> whose data-id is <paramref name="id"/>.</summary>
    internal static string Row(string html, string table, string id)
    {
        var start = html.IndexOf($"<table id=\"{table}\">", StringComparison.Ordinal);
        Assert.True(start >= 0, $"no table #{table}");
        var body = html[start..html.IndexOf("</table>", start, StringComparison.Ordinal)];
        var match = Regex.Match(body, "<tr data-id=\"" + Regex.Escape(WebUtility.HtmlEncode(id)) + "\"[^>]*>[\\s\\S]*?</tr>");
        Assert.True(match.Success, $"no row {id} in #{table}");
        return match.Value;
    }
}
