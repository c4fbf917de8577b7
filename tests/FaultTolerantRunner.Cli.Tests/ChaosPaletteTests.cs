using System.Net.Http.Json;
using System.Text.Json.Nodes;
using FaultTolerantRunner.Cli.Tests.Support;

namespace FaultTolerantRunner.Cli.Tests;

/// <summary><c>ftr chaos</c>: the hang and crash faults, a switch scoped to one node, and where each switch is in force.</summary>
[Collection(NodeCollection.Name)]
public sealed class ChaosPaletteTests(CliNodeFixture node)
{
    [Fact]
    public async Task Chaos_status_shows_the_fault_scope_and_nodes_a_switch_is_in_force_on()
    {
        var self = (string)(await node.Http.GetFromJsonAsync<JsonObject>("/api/cluster/status"))!["self"]!;
        var hostPort = self[(self.IndexOf('@') + 1)..];
        try
        {
            var enable = await node.FtrAsync("chaos", "enable", "sleep", "--fault", "hang", "--rate", "0", "--node", hostPort, "--json");
            var scoped = await node.FtrAsync("chaos", "status");
            var crash = await node.FtrAsync("chaos", "enable", "sleep", "-f", "crash", "-r", "0", "--latency", "200", "--json");
            var everywhere = await node.FtrAsync("chaos", "status", "--json");

            Assert.Equal(0, enable.ExitCode);
            Assert.Equal(self, (string?)enable.Json["scope"]);
            Assert.Equal("timeout", (string?)enable.Json["category"]);
            Assert.Contains("hang", scoped.Stdout);
            // inForceOn reads as names in the table, not as a JSON array.
            Assert.Contains(self, scoped.Stdout);
            Assert.DoesNotContain("[\"", scoped.Stdout);
            Assert.Equal(0, crash.ExitCode);
            var row = everywhere.Json["items"]!.AsArray().Single(r => (string?)r!["target"] == "sleep")!;
            Assert.Equal("crash", (string?)row["fault"]);
            Assert.Equal("all", (string?)row["scope"]);
            Assert.Equal(self, (string?)Assert.Single(row["inForceOn"]!.AsArray()));
        }
        finally
        {
            await node.Http.DeleteAsync("/api/chaos/sleep");
        }
    }

    [Fact]
    public async Task Chaos_enable_of_a_hang_with_a_category_is_refused()
    {
        var run = await node.FtrAsync("chaos", "enable", "sleep", "-f", "hang", "-c", "transient", "-r", "1");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("a hang takes no category", run.ErrorLine);
    }

    [Fact]
    public async Task Chaos_enable_of_an_unknown_fault_suggests_the_closest()
    {
        var run = await node.FtrAsync("chaos", "enable", "sleep", "--fault", "crsh", "-r", "1");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("unknown fault 'crsh'", run.ErrorLine);
        Assert.Contains("use fault 'crash'", run.ErrorLine);
    }

    [Fact]
    public async Task Chaos_enable_on_a_node_that_is_no_member_lists_the_members()
    {
        var run = await node.FtrAsync("chaos", "enable", "sleep", "-f", "crash", "-r", "1", "-n", "10.0.0.9:4053");
        var status = await node.FtrAsync("chaos", "status", "--json");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("'10.0.0.9:4053' is not a member of this cluster; members: akka.tcp://ftr@", run.ErrorLine);
        Assert.DoesNotContain(status.Json["items"]!.AsArray(), r => (string?)r!["target"] == "sleep");
    }
}
