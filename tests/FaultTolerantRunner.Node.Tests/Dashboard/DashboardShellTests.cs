using System.Net;

namespace FaultTolerantRunner.Node.Tests.Dashboard;

/// <summary>The dashboard's frame on a real node: pages, embedded assets, security headers, and its two settings.</summary>
public sealed class DashboardShellTests(NodeFixture node) : IClassFixture<NodeFixture>
{
    [Fact]
    public async Task The_overview_is_served_by_the_node_itself_with_a_policy_that_allows_only_its_own_scripts()
    {
        var response = await node.Http.GetAsync("/dashboard");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<h1>Overview</h1>", html);
        Assert.Contains("id=\"count-total\"", html);
        var policy = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self'", policy);
        Assert.Contains("frame-ancestors 'none'", policy);
        // Nothing from elsewhere: every script and stylesheet is one of the node's own assets.
        Assert.DoesNotContain("src=\"http", html);
        Assert.DoesNotContain("href=\"http", html);
        Assert.DoesNotContain("<script>", html);
    }

    [Fact]
    public async Task The_overview_counts_tasks_per_state_and_charts_what_ended()
    {
        var submitted = await node.SubmitAsync(new { tool = "echo", parameters = new { text = "overview" } });
        await node.AwaitStateAsync((string)submitted["id"]!, "Succeeded");

        // The index follows the journal: wait until the page has seen the task end, then read its figures.
        var html = await Eventually.Until(() => node.Http.GetStringAsync("/dashboard"),
            page => Count(page, "Succeeded") >= 1 && Bars(page).Sum() >= 1, TimeSpan.FromSeconds(20), "overview counting the succeeded task");

        Assert.Contains("id=\"throughput\"", html);
        Assert.Equal(30, Bars(html).Count / 2 / 2); // two charts of 30 bars, each bar two parts
        Assert.Contains("href=\"/dashboard/tasks?state=Succeeded\"", html);
    }

    private static int Count(string html, string state)
    {
        var match = System.Text.RegularExpressions.Regex.Match(html, $"data-id=\"{state}\">([0-9,]+)<");
        return match.Success ? int.Parse(match.Groups[1].Value.Replace(",", ""), System.Globalization.CultureInfo.InvariantCulture) : -1;
    }

    /// <summary>The heights of the chart's bars (both parts of each).</summary>
    private static List<int> Bars(string html) =>
        System.Text.RegularExpressions.Regex.Matches(html, "<rect class=\"(?:good|bad)\" [^>]*height=\"([0-9]+)\"")
            .Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();

    [Theory]
    [InlineData("htmx.min.js", "text/javascript")]
    [InlineData("dashboard.js", "text/javascript")]
    [InlineData("dashboard.css", "text/css")]
    [InlineData("favicon.svg", "image/svg+xml")]
    public async Task Every_asset_is_embedded_and_revalidated_by_its_etag(string name, string mediaType)
    {
        var first = await node.Http.GetAsync("/dashboard/assets/" + name);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(mediaType, first.Content.Headers.ContentType?.MediaType);
        Assert.True((await first.Content.ReadAsByteArrayAsync()).Length > 100);
        var etag = first.Headers.ETag!;

        using var again = new HttpRequestMessage(HttpMethod.Get, "/dashboard/assets/" + name);
        again.Headers.IfNoneMatch.Add(etag);
        var second = await node.Http.SendAsync(again);

        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
    }

    [Fact]
    public async Task An_unknown_asset_is_a_404_in_the_standard_format()
    {
        var response = await node.Http.GetAsync("/dashboard/assets/nope.js");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task The_vendored_script_ships_with_its_licence()
    {
        var licence = await node.Http.GetStringAsync("/dashboard/assets/htmx.LICENSE.txt");

        Assert.Contains("Zero-Clause BSD", licence);
    }
}

/// <summary>A node with <c>Dashboard:Enabled=false</c>.</summary>
public sealed class DisabledDashboardFixture : NodeFixture
{
    protected override IEnumerable<string> ExtraArgs => ["--Dashboard:Enabled=false"];
}

public sealed class DisabledDashboardTests(DisabledDashboardFixture node) : IClassFixture<DisabledDashboardFixture>
{
    [Theory]
    [InlineData("/dashboard")]
    [InlineData("/dashboard/tasks")]
    [InlineData("/dashboard/assets/dashboard.js")]
    public async Task A_node_with_the_dashboard_off_has_no_dashboard_routes(string path)
    {
        var response = await node.Http.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        // The API is unaffected.
        Assert.Equal(HttpStatusCode.OK, (await node.Http.GetAsync("/api/tasks")).StatusCode);
    }
}

/// <summary>A node with operator keys: the dashboard offers a key prompt for its actions.</summary>
public sealed class KeyedDashboardFixture : NodeFixture
{
    public const string Key = "dashboard-test-key-0123456789";

    protected override IEnumerable<string> ExtraArgs => ["--Security:ApiKeys:0=" + Key];
}

public sealed class KeyedDashboardTests(KeyedDashboardFixture node) : IClassFixture<KeyedDashboardFixture>
{
    [Fact]
    public async Task A_node_with_keys_offers_the_key_prompt_and_reads_need_no_key()
    {
        var response = await node.Http.GetAsync("/dashboard");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("id=\"key-button\"", html);
        Assert.Contains("id=\"ftr-key-dialog\"", html);
        Assert.Contains("type=\"password\"", html);
    }
}

/// <summary>A node with <c>Dashboard:ReadOnly=true</c>.</summary>
public sealed class ReadOnlyDashboardFixture : NodeFixture
{
    protected override IEnumerable<string> ExtraArgs => ["--Dashboard:ReadOnly=true", "--Security:ApiKeys:0=" + KeyedDashboardFixture.Key];
}

public sealed class ReadOnlyDashboardTests(ReadOnlyDashboardFixture node) : IClassFixture<ReadOnlyDashboardFixture>
{
    [Fact]
    public async Task A_read_only_dashboard_says_so_and_offers_neither_key_prompt_nor_dialogs()
    {
        var html = await node.Http.GetStringAsync("/dashboard");

        Assert.Contains("id=\"read-only\"", html);
        Assert.DoesNotContain("ftr-key-dialog", html);
        Assert.DoesNotContain("ftr-confirm-dialog", html);
        Assert.DoesNotContain("data-ftr-action", html);
    }
}
