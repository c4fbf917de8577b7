using FaultTolerantRunner.Cli.Tests.Support;

namespace FaultTolerantRunner.Cli.Tests;

/// <summary><c>ftr breakers</c>, <c>recovery</c>, <c>errors</c>, <c>chaos</c> and an embedder's own palette.</summary>
[Collection(NodeCollection.Name)]
public sealed class OperationsPaletteTests(CliNodeFixture node)
{
    [Fact]
    public async Task Breakers_trip_show_reset_and_list()
    {
        var trip = await node.FtrAsync("breakers", "trip", "payments", "--json");
        var show = await node.FtrAsync("breakers", "show", "payments", "--json");
        var list = await node.FtrAsync("breakers", "list");
        var reset = await node.FtrAsync("breakers", "reset", "payments", "--json");

        Assert.Equal(0, trip.ExitCode);
        Assert.Equal("Open", (string?)show.Json["state"]);
        Assert.Contains("payments", list.Stdout);
        Assert.Equal(0, reset.ExitCode);
        Assert.Equal("Closed", (string?)reset.Json["state"]);
    }

    [Fact]
    public async Task Breakers_show_of_an_unused_service_says_none_exists()
    {
        var run = await node.FtrAsync("breakers", "show", "never-called");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("no breaker for service 'never-called'", run.ErrorLine);
    }

    [Fact]
    public async Task Errors_classify_says_what_the_runner_would_do()
    {
        var run = await node.FtrAsync("errors", "classify", "--type", "System.IO.IOException", "--message", "No space left on device", "--json");
        var status = await node.FtrAsync("errors", "classify", "--status", "503");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("resource", (string?)run.Json["category"]);
        Assert.Equal(0, status.ExitCode);
        Assert.Contains("transient", status.Stdout);
    }

    [Fact]
    public async Task Chaos_enable_fails_a_tools_attempts_until_disabled()
    {
        try
        {
            await ChaosFailsEchoUntilDisabledAsync();
        }
        finally
        {
            await node.Http.DeleteAsync("/api/chaos/echo");
        }
    }

    private async Task ChaosFailsEchoUntilDisabledAsync()
    {
        var enable = await node.FtrAsync("chaos", "enable", "echo", "--category", "transient", "--rate", "1", "--json");
        Assert.Equal(0, enable.ExitCode);
        var status = await node.FtrAsync("chaos", "status", "--json");
        Assert.Contains(status.Json["items"]!.AsArray(), r => (string?)r!["target"] == "echo" && (string?)r["category"] == "transient");

        var submitted = await node.FtrAsync("run", "echo", "--param", "text=chaos", "--json");
        var id = (string)submitted.Json["id"]!;
        var failing = await node.AwaitTaskAsync(id, t => t["lastError"] is not null, "chaos failing the attempt");
        Assert.Equal("transient", (string?)failing["lastError"]!["category"]);
        Assert.StartsWith("chaos:", (string?)failing["lastError"]!["message"]);

        var disable = await node.FtrAsync("chaos", "disable", "echo");
        Assert.Equal(0, disable.ExitCode);
        var state = (string?)(await node.AwaitTaskAsync(id, t => (string?)t["state"] is "Succeeded" or "DeadLettered", "task ending"))["state"];
        Assert.True(state is "Succeeded" or "DeadLettered");
    }

    [Fact]
    public async Task Chaos_enable_with_an_unknown_category_lists_the_categories()
    {
        var run = await node.FtrAsync("chaos", "enable", "echo", "--category", "transiant", "--rate", "0.5");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("unknown category 'transiant'", run.ErrorLine);
        Assert.Contains("use 'transient'", run.ErrorLine);
    }

    [Fact]
    public async Task Chaos_enable_with_a_rate_above_one_is_refused()
    {
        var run = await node.FtrAsync("chaos", "enable", "echo", "-c", "timeout", "-r", "1.5");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("rate must be between 0 and 1", run.ErrorLine);
    }

    [Fact]
    public async Task Chaos_disable_of_a_switch_that_is_off_says_so()
    {
        var run = await node.FtrAsync("chaos", "disable", "sleep");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("no chaos switch is on for 'sleep'", run.ErrorLine);
    }

    [Fact]
    public async Task An_embedders_palette_runs_generically()
    {
        var run = await node.FtrAsync("demo", "ping", "--json");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("live", (string?)run.Json["status"]);
    }
}
