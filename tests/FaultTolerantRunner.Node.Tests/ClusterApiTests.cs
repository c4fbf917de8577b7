using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace FaultTolerantRunner.Node.Tests;

/// <summary><c>/api/cluster</c> on a one-node cluster: the member list (once, in the list envelope), and leave requests that cannot be carried out.</summary>
public sealed class ClusterApiTests(NodeFixture node) : IClassFixture<NodeFixture>
{
    [Fact]
    public async Task The_cluster_view_lists_this_node_up_and_leading()
    {
        var view = (await node.Http.GetFromJsonAsync<JsonObject>("/api/cluster"))!;
        var status = (await node.Http.GetFromJsonAsync<JsonObject>("/api/cluster/status"))!;

        var member = Assert.Single(view["items"]!.AsArray())!;
        Assert.Equal((string?)status["self"], (string?)member["address"]);
        Assert.True((bool)member["self"]!);
        Assert.Equal("Up", (string?)member["status"]);
        Assert.True((bool)member["leader"]!);
        Assert.False((bool)member["unreachable"]!);
        Assert.True((bool)member["reachable"]!);
        Assert.Equal(1, (int)view["total"]!);
        Assert.Null(view["members"]);
    }

    [Fact]
    public async Task Leaving_an_address_that_is_not_a_member_is_404()
    {
        using var response = await node.Http.PostAsJsonAsync("/api/cluster/leave", new { address = "akka.tcp://ftr@127.0.0.1:1" });
        var problem = await response.Content.ReadFromJsonAsync<JsonObject>();

        Assert.Equal(404, (int)response.StatusCode);
        Assert.Equal("member-not-found", (string?)problem!["code"]);
    }

    [Theory]
    [InlineData("""{"address":"ftr@127.0.0.1:4053"}""", "invalid-address")]
    [InlineData("""{"adress":"akka.tcp://ftr@127.0.0.1:4053"}""", "unknown-field")]
    [InlineData("""{"address":4053}""", "invalid-field-type")]
    public async Task A_malformed_leave_request_is_400_naming_the_problem(string body, string code)
    {
        using var response = await node.Http.PostAsync("/api/cluster/leave", new StringContent(body, Encoding.UTF8, "application/json"));
        var problem = await response.Content.ReadFromJsonAsync<JsonObject>();

        Assert.Equal(400, (int)response.StatusCode);
        Assert.Equal(code, (string?)problem!["code"]);
    }
}
