using System.Net;
using System.Net.Http.Json;

namespace FaultTolerantRunner.Node.Tests.Dashboard;

/// <summary>A node whose dashboard is read-only: data, no buttons or forms.</summary>
public sealed class ReadOnlyChaosNode : NodeFixture
{
    protected override IEnumerable<string> ExtraArgs => ["--Dashboard:ReadOnly=true"];
}

/// <summary>The chaos page: a switch enabled through the API is listed with a disable button, beside the enable form.</summary>
public sealed class ChaosPageTests(NodeFixture node) : IClassFixture<NodeFixture>
{
    [Fact]
    public async Task A_switch_enabled_through_the_api_is_listed_with_its_disable_button_and_the_enable_form()
    {
        var empty = await node.Http.GetStringAsync("/dashboard/chaos");
        var enabled = await node.Http.PostAsJsonAsync("/api/chaos/echo", new { category = "timeout", rate = 0.25, latencyMs = 40 });
        enabled.EnsureSuccessStatusCode();

        var html = await node.Http.GetStringAsync("/dashboard/chaos");
        var row = RecoveryPageTests.Row(html, "chaos", "echo");

        Assert.Contains("id=\"no-chaos\"", empty);
        Assert.Contains("<td class=\"state\"><span class=\"badge s-error\">error</span></td>", row);
        Assert.Contains("<td>timeout</td>", row);
        Assert.Matches(">25\\s?%</td>", row);
        Assert.Contains("40 ms", row);
        Assert.Matches("<button[^>]*class=\"action disable\"[^>]*data-method=\"DELETE\" data-url=\"/api/chaos/echo\"", row);
        Assert.Contains("<form id=\"chaos-enable\"", html);
        Assert.Contains("data-url=\"/api/chaos/{target}\"", html);
        Assert.Contains("<option value=\"echo\">", html);
        Assert.Contains("id=\"chaos-warning\"", html);
        (await node.Http.DeleteAsync("/api/chaos/echo")).EnsureSuccessStatusCode();
    }
}

/// <summary>In read-only mode the page still lists the switches but offers neither the form nor the buttons.</summary>
public sealed class ChaosPageReadOnlyTests(ReadOnlyChaosNode node) : IClassFixture<ReadOnlyChaosNode>
{
    [Fact]
    public async Task Read_only_lists_the_switch_and_hides_the_form_and_buttons()
    {
        (await node.Http.PostAsJsonAsync("/api/chaos/echo", new { fault = "hang", rate = 1 })).EnsureSuccessStatusCode();

        var response = await node.Http.GetAsync("/dashboard/chaos");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(">hang</span>", RecoveryPageTests.Row(html, "chaos", "echo"));
        Assert.DoesNotContain("chaos-enable", html);
        Assert.DoesNotContain("data-ftr-action", html);
        Assert.Contains("id=\"read-only\"", html);
    }
}
