using FaultTolerantRunner.Cli.Tests.Support;

namespace FaultTolerantRunner.Cli.Tests;

/// <summary>How ftr behaves as a console: interactive session, bad command lines, an unreachable node.</summary>
[Collection(NodeCollection.Name)]
public sealed class ConsoleBehaviourTests(CliNodeFixture node)
{
    [Fact]
    public async Task Interactive_session_runs_commands_from_stdin_until_exit()
    {
        var run = await FtrRun.StartAsync([node.Address], "help\ncluster leader --json\ntasks lst\nhistory\nexit\nnode health\n");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains($"ftr {node.Address}> ", run.Stdout);
        Assert.Contains("dlq requeue [id]", run.Stdout);
        Assert.Contains("\"leader\":\"akka.tcp://ftr@", run.Stdout);
        Assert.Contains("2  cluster leader --json", run.Stdout);
        Assert.DoesNotContain("\"journal\"", run.Stdout);
        Assert.Contains("ftr: Unrecognized command or argument 'lst'", run.Stderr);
    }

    [Fact]
    public async Task Interactive_session_ends_at_end_of_input()
    {
        var run = await FtrRun.StartAsync([node.Address], "cluster status --json\n");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("\"selfStatus\":\"Up\"", run.Stdout);
    }

    [Fact]
    public async Task Unknown_palette_is_a_usage_error_listing_the_palettes()
    {
        var run = await node.FtrAsync("clustr", "show");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("'clustr'", run.ErrorLine);
        Assert.Contains("palettes: actor, breakers, chaos", run.ErrorLine);
    }

    [Fact]
    public async Task Unknown_command_is_a_usage_error_listing_the_commands()
    {
        var run = await node.FtrAsync("tasks", "lst");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("commands: list, show, cancel, retry, watch", run.ErrorLine);
    }

    [Fact]
    public async Task Missing_argument_is_a_usage_error()
    {
        var run = await node.FtrAsync("tasks", "show");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("ftr tasks show --help", run.ErrorLine);
    }

    [Fact]
    public async Task Malformed_number_is_a_usage_error()
    {
        var run = await node.FtrAsync("chaos", "enable", "echo", "--category", "transient", "--rate", "lots");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("lots", run.ErrorLine);
    }

    [Fact]
    public async Task Parameter_without_equals_is_a_usage_error()
    {
        var run = await node.FtrAsync("run", "echo", "--param", "hello");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--param takes key=value (got 'hello')", run.ErrorLine);
    }

    [Fact]
    public async Task Missing_required_switch_is_a_usage_error()
    {
        // --category became optional with the hang and crash faults (an error fault without one is the node's 400);
        // --rate is still required by the palette, so leaving it out is the client's usage error.
        var run = await node.FtrAsync("chaos", "enable", "echo", "--category", "transient");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--rate", run.ErrorLine);
    }

    [Fact]
    public async Task Malformed_node_address_is_a_usage_error()
    {
        var run = await FtrRun.StartAsync(["http://127.0.0.1:5080/some/path", "cluster", "show"]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("is not a node address", run.ErrorLine);
    }

    [Fact]
    public async Task Node_down_gives_one_line_and_exit_code_3()
    {
        var run = await FtrRun.StartAsync([$"127.0.0.1:{FreePort.Next()}", "cluster", "show"]);

        Assert.Equal(3, run.ExitCode);
        Assert.StartsWith("ftr: cannot reach the node at 127.0.0.1:", run.ErrorLine);
        Assert.Contains("connection refused", run.ErrorLine);
        Assert.Equal("", run.Stdout);
    }

    [Fact]
    public async Task Help_lists_a_palettes_commands()
    {
        var run = await node.FtrAsync("dlq", "--help");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("requeue", run.Stdout);
        Assert.Contains("purge", run.Stdout);
    }
}
