using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace FaultTolerantRunner.Node.Tests.Dashboard;

/// <summary>The cluster page of a one-node cluster: the node is Up, the leader and itself, with leave and down offered.</summary>
public sealed class ClusterPageTests(NodeFixture node) : IClassFixture<NodeFixture>
{
    [Fact]
    public async Task This_node_is_listed_as_up_leader_and_this_node_with_leave_and_down_buttons()
    {
        var response = await node.Http.GetAsync("/dashboard/cluster");
        var html = await response.Content.ReadAsStringAsync();
        var self = (string)(await node.Http.GetFromJsonAsync<JsonObject>("/api/cluster/status"))!["self"]!;

        var row = RecoveryPageTests.Row(html, "members", self);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Matches("<td class=\"state\"><span class=\"badge s-up\">Up</span>", row);
        Assert.Contains(">leader</span>", row);
        Assert.Contains(">this node</span>", row);
        Assert.Matches("<button[^>]*class=\"action leave\"", row);
        Assert.Matches("<button[^>]*class=\"danger down\"[^>]*data-confirm=\"[^\"]*" + System.Text.RegularExpressions.Regex.Escape(self), row);
        Assert.Contains($"<span class=\"value\" id=\"leader\">{self}</span>", html);
        Assert.DoesNotContain("id=\"down-unreachable\"", html);
    }
}
