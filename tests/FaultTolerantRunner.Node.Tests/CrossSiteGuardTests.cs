using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace FaultTolerantRunner.Node.Tests;

/// <summary>
/// A node without keys on loopback, reached by a browser that also has other sites open: their forged state changes are
/// refused, its own pages and programs are not, and a rebound DNS name gets no answer.
/// </summary>
public sealed class CrossSiteGuardTests(NodeFixture node) : IClassFixture<NodeFixture>
{
    [Theory]
    [InlineData("Sec-Fetch-Site", "cross-site")]
    [InlineData("Sec-Fetch-Site", "same-site")]
    [InlineData("Origin", "http://evil.example")]
    [InlineData("Origin", "null")]
    public async Task A_state_change_from_another_sites_page_is_refused_and_changes_nothing(string header, string value)
    {
        var service = "csrf-" + Guid.NewGuid().ToString("N")[..8];
        using var forged = new HttpRequestMessage(HttpMethod.Post, $"/api/breakers/{service}/trip");
        forged.Headers.TryAddWithoutValidation(header, value);

        var response = await node.Http.SendAsync(forged);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal("cross-site-request", (string?)problem!["code"]);
        Assert.Equal(HttpStatusCode.NotFound, (await node.Http.GetAsync($"/api/breakers/{service}")).StatusCode);
    }

    [Fact]
    public async Task The_nodes_own_pages_and_programs_may_change_state()
    {
        var service = "own-" + Guid.NewGuid().ToString("N")[..8];
        using var fromDashboard = new HttpRequestMessage(HttpMethod.Post, $"/api/breakers/{service}/trip");
        fromDashboard.Headers.TryAddWithoutValidation("Sec-Fetch-Site", "same-origin");
        fromDashboard.Headers.TryAddWithoutValidation("Origin", node.Http.BaseAddress!.GetLeftPart(UriPartial.Authority));

        Assert.Equal(HttpStatusCode.OK, (await node.Http.SendAsync(fromDashboard)).StatusCode);
        // A program (the CLI, curl) sends neither header.
        Assert.Equal(HttpStatusCode.OK, (await node.Http.PostAsync($"/api/breakers/{service}/reset", null)).StatusCode);
    }

    [Fact]
    public async Task A_cross_site_read_is_still_a_read()
    {
        using var read = new HttpRequestMessage(HttpMethod.Get, "/api/tasks");
        read.Headers.TryAddWithoutValidation("Sec-Fetch-Site", "cross-site");

        Assert.Equal(HttpStatusCode.OK, (await node.Http.SendAsync(read)).StatusCode);
    }

    [Theory]
    [InlineData("attacker.example")]
    [InlineData("10.0.0.5")]
    public async Task A_loopback_node_answers_only_to_loopback_host_names(string host)
    {
        using var rebound = new HttpRequestMessage(HttpMethod.Get, "/dashboard");
        rebound.Headers.Host = $"{host}:{node.Http.BaseAddress!.Port}";

        var response = await node.Http.SendAsync(rebound);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("host-not-allowed", (string?)(await response.Content.ReadFromJsonAsync<JsonObject>())!["code"]);
        using var local = new HttpRequestMessage(HttpMethod.Get, "/health/live");
        local.Headers.Host = $"localhost:{node.Http.BaseAddress!.Port}";
        Assert.Equal(HttpStatusCode.OK, (await node.Http.SendAsync(local)).StatusCode);
    }
}
