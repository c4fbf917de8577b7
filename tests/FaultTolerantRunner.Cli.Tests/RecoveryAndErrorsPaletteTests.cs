using System.Net.Http.Json;
using System.Text.Json.Nodes;
using FaultTolerantRunner.Cli.Tests.Support;

namespace FaultTolerantRunner.Cli.Tests;

/// <summary>
/// <c>ftr recovery</c> and <c>ftr errors</c> against a real node after a real recovered failure: what the client
/// sends and how it shows the node's recovery levels, strategy metrics and error registry.
/// </summary>
public sealed class RecoveryAndErrorsPaletteTests(CliNodeFixture node) : IClassFixture<CliNodeFixture>
{
    /// <summary>A resource failure that recovers on the second attempt; returns its fingerprint once the node's registry lists it.</summary>
    private async Task<string> RecoveredFailureAsync()
    {
        var response = await node.Http.PostAsJsonAsync("/api/tasks", new { tool = "flaky", parameters = new { failures = 1, category = "resource" } });
        var id = (string)(await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!;
        var done = await node.AwaitTaskAsync(id, t => (string?)t["state"] == "Succeeded", "the flaky task recovering");
        var fingerprint = (string)done["attemptHistory"]![0]!["error"]!["fingerprint"]!;
        await Eventually.Until(async () => (await node.Http.GetFromJsonAsync<JsonObject>("/api/recovery/metrics"))!,
            m => m["strategies"]!.AsArray().Any(s => (string?)s!["category"] == "resource"), TimeSpan.FromSeconds(30), "the registry scoring the recovery");
        return fingerprint;
    }

    [Fact]
    public async Task Recovery_levels_show_and_metrics_render_what_the_node_recorded()
    {
        var fingerprint = await RecoveredFailureAsync();

        var levels = await node.FtrAsync("recovery", "levels", "--json");
        var table = await node.FtrAsync("recovery", "levels");
        var show = await node.FtrAsync("recovery", "show", fingerprint);
        var metrics = await node.FtrAsync("recovery", "metrics");

        Assert.Equal(0, levels.ExitCode);
        Assert.Contains(levels.Json["items"]!.AsArray(), f => (string?)f!["fingerprint"] == fingerprint && (int)f["level"]! >= 1);
        Assert.Contains(fingerprint, table.Stdout);
        Assert.Equal(0, show.ExitCode);
        Assert.Contains("history:", show.Stdout);
        Assert.Contains("strategies:", show.Stdout);
        Assert.Equal(0, metrics.ExitCode);
        Assert.Contains("resource", metrics.Stdout);
        Assert.Contains("successRate", metrics.Stdout);
    }

    [Fact]
    public async Task Recovery_reset_puts_the_fingerprint_back_to_level_1()
    {
        var fingerprint = await RecoveredFailureAsync();

        var run = await node.FtrAsync("recovery", "reset", fingerprint, "--json");

        Assert.Equal(0, run.ExitCode);
        Assert.InRange((int)run.Json["level"]!, 0, 1);
    }

    [Fact]
    public async Task Errors_list_top_show_and_resolve_address_the_registry()
    {
        var fingerprint = await RecoveredFailureAsync();

        var list = await node.FtrAsync("errors", "list", "--category", "resource", "--tool", "flaky", "--status", "open", "--since", "2020-01-01T00:00:00Z", "--json");
        var table = await node.FtrAsync("errors", "list");
        var top = await node.FtrAsync("errors", "top", "--json");
        var show = await node.FtrAsync("errors", "show", fingerprint, "--json");
        var resolve = await node.FtrAsync("errors", "resolve", fingerprint, "--json");

        Assert.Equal(0, list.ExitCode);
        Assert.All(list.Json["items"]!.AsArray(), g => Assert.Equal("resource", (string?)g!["category"]));
        Assert.Contains(list.Json["items"]!.AsArray(), g => (string?)g!["fingerprint"] == fingerprint);
        Assert.Contains("total:", table.Stdout);
        Assert.True(top.Json["items"]!.AsArray().Count <= 10);
        Assert.Equal(fingerprint, (string?)show.Json["group"]!["fingerprint"]);
        Assert.Equal(0, resolve.ExitCode);
        Assert.Equal("resolved", (string?)resolve.Json["status"]);
    }

    [Fact]
    public async Task An_unknown_fingerprint_or_error_is_one_clear_line_and_exit_1()
    {
        var recovery = await node.FtrAsync("recovery", "show", "no:such:fingerprint");
        var error = await node.FtrAsync("errors", "show", "no-such-error");

        Assert.Equal(1, recovery.ExitCode);
        Assert.Contains("no:such:fingerprint", recovery.ErrorLine);
        Assert.Equal(1, error.ExitCode);
        Assert.Contains("no-such-error", error.ErrorLine);
    }
}
