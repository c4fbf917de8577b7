using System.Diagnostics;
using System.Text.Json.Nodes;
using FaultTolerantRunner.Cli.Tests.Support;

namespace FaultTolerantRunner.Cli.Tests;

/// <summary><c>ftr cluster</c>, <c>ftr actor</c> and <c>ftr node</c> against a one-node cluster.</summary>
[Collection(NodeCollection.Name)]
public sealed class ClusterPaletteTests(CliNodeFixture node)
{
    [Fact]
    public async Task Cluster_show_lists_this_node_up_and_leading()
    {
        var table = await node.FtrAsync("cluster", "show");
        var json = await node.FtrAsync("cluster", "show", "--json");

        Assert.Equal(0, table.ExitCode);
        Assert.Contains("address", table.Stdout);
        Assert.Contains("Up", table.Stdout);
        Assert.Equal(0, json.ExitCode);
        var member = Assert.Single(json.Json["items"]!.AsArray())!;
        Assert.Equal("Up", (string?)member["status"]);
        Assert.True((bool)member["leader"]!);
        Assert.Contains((string)member["address"]!, table.Stdout);
    }

    [Fact]
    public async Task Cluster_status_and_leader_name_the_same_node()
    {
        var status = await node.FtrAsync("cluster", "status", "--json");
        var leader = await node.FtrAsync("cluster", "leader", "--json");

        Assert.Equal(0, status.ExitCode);
        Assert.Equal("Up", (string?)status.Json["selfStatus"]);
        Assert.Equal((string?)status.Json["self"], (string?)leader.Json["leader"]);
    }

    [Fact]
    public async Task Cluster_tail_streams_the_current_members_and_stops_after_count()
    {
        var run = await node.FtrAsync("cluster", "tail", "--count", "1", "--json");

        Assert.Equal(0, run.ExitCode);
        var e = JsonNode.Parse(Assert.Single(run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)))!;
        Assert.Equal("MemberUp", (string?)e["event"]);
    }

    [Fact]
    public async Task Cluster_tail_streams_until_interrupted()
    {
        // Through env --default-signal=INT, as a terminal would run it: a test run started in the background by a shell
        // without job control (nohup …&, some CI runners) inherits SIGINT ignored, and so would ftr — the interrupt
        // this test sends would then never arrive. (env execs dotnet: same process id.)
        var startInfo = new ProcessStartInfo("env")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        foreach (var arg in new[] { "--default-signal=INT", "dotnet", "exec", Path.Combine(AppContext.BaseDirectory, "ftr.dll"), node.Address, "cluster", "tail", "--json" })
            startInfo.ArgumentList.Add(arg);
        using var process = Process.Start(startInfo)!;
        var lines = new List<string>();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is { } line) lock (lines) lines.Add(line);
        };
        process.BeginOutputReadLine();
        try
        {
            await Eventually.Until(() => Task.FromResult(Count(lines)), n => n >= 1, TimeSpan.FromSeconds(60), "first member event");
            Assert.False(process.HasExited, "tail must keep streaming until interrupted");

            using (var interrupt = Process.Start("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])) await interrupt.WaitForExitAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await process.WaitForExitAsync(timeout.Token);

            Assert.Equal(130, process.ExitCode);
            lock (lines) Assert.Contains("MemberUp", lines[0]);
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
    }

    private static int Count(List<string> lines)
    {
        lock (lines) return lines.Count;
    }

    [Fact]
    public async Task Cluster_down_of_an_address_that_is_no_member_fails_with_the_nodes_reason()
    {
        var run = await node.FtrAsync("cluster", "down", "akka.tcp://ftr@10.9.9.9:4053");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("is not a member of this cluster", run.ErrorLine);
        Assert.Contains("ftr cluster show", run.ErrorLine);
    }

    [Fact]
    public async Task Cluster_leave_of_an_address_that_is_no_member_fails_with_the_nodes_reason()
    {
        var run = await node.FtrAsync("cluster", "leave", "akka.tcp://ftr@10.9.9.9:4053", "--json");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("member-not-found", (string?)run.Json["code"]);
        Assert.Contains("is not a member of this cluster", run.ErrorLine);
    }

    [Fact]
    public async Task Cluster_join_with_a_malformed_address_is_a_validation_error()
    {
        var run = await node.FtrAsync("cluster", "join", "not-an-address");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("is not an Akka address", run.ErrorLine);
    }

    [Fact]
    public async Task Cluster_down_unreachable_downs_nobody_in_a_healthy_cluster()
    {
        var run = await node.FtrAsync("cluster", "down-unreachable", "--json");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(0, (int)run.Json["count"]!);
    }

    [Fact]
    public async Task Actor_hierarchy_shows_the_runners_actors_below_user()
    {
        var json = await node.FtrAsync("actor", "hierarchy", "-d", "1", "-s", "/user", "--json");
        var table = await node.FtrAsync("actor", "hierarchy", "-d", "1", "-s", "/user");

        Assert.Equal(0, json.ExitCode);
        var paths = json.Json["items"]!.AsArray().Select(i => (string?)i!["path"]).ToArray();
        Assert.Contains("/user", paths);
        Assert.Contains("/user/task-index", paths);
        Assert.All(json.Json["items"]!.AsArray(), i => Assert.True((int)i!["depth"]! <= 1));
        Assert.Contains("task-index", table.Stdout);
    }

    [Fact]
    public async Task Actor_hierarchy_of_a_missing_path_says_so()
    {
        var run = await node.FtrAsync("actor", "hierarchy", "-s", "/user/no-such-actor");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("no actor at '/user/no-such-actor'", run.ErrorLine);
    }

    [Fact]
    public async Task Node_health_reports_ready()
    {
        var run = await node.FtrAsync("node", "health", "--json");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("ready", (string?)run.Json["status"]);
        Assert.Equal("reachable", (string?)run.Json["journal"]);
    }

    [Fact]
    public async Task Node_metrics_summarises_the_ftr_metrics()
    {
        await node.FtrAsync("run", "echo", "--param", "text=metrics", "--wait");

        var json = await node.FtrAsync("node", "metrics", "--json");
        var table = await node.FtrAsync("node", "metrics");

        Assert.Equal(0, json.ExitCode);
        var names = json.Json.AsArray().Select(r => (string?)r!["name"]).ToArray();
        Assert.Contains("ftr_tasks_submitted_total", names);
        Assert.DoesNotContain(names, n => n!.EndsWith("_bucket"));
        Assert.Contains("ftr_tasks_submitted_total", table.Stdout);
    }
}
