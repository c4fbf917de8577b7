using FaultTolerantRunner.Cli.Tests.Support;

namespace FaultTolerantRunner.Cli.Tests;

/// <summary>
/// <c>ftr recovery</c> and <c>ftr errors</c> against the agreed contract of endpoints another milestone builds
/// (served here by <see cref="RecoveryAndErrorsContract"/>): what the client sends and how it shows the answers.
/// </summary>
public sealed class ContractPaletteTests(ContractNodeFixture node) : IClassFixture<ContractNodeFixture>
{
    private static readonly string Fingerprint = RecoveryAndErrorsContract.KnownFingerprint;

    [Fact]
    public async Task Recovery_levels_lists_fingerprints_with_their_level()
    {
        var table = await node.FtrAsync("recovery", "levels");
        var json = await node.FtrAsync("recovery", "levels", "--json");

        Assert.Equal(0, table.ExitCode);
        Assert.Contains("fingerprint", table.Stdout);
        Assert.Contains(Fingerprint, table.Stdout);
        Assert.Equal(2, (int)json.Json[0]!["level"]!);
    }

    [Fact]
    public async Task Recovery_show_gives_the_level_history_and_strategies()
    {
        var table = await node.FtrAsync("recovery", "show", Fingerprint);
        var json = await node.FtrAsync("recovery", "show", Fingerprint, "--json");

        Assert.Equal(0, table.ExitCode);
        Assert.Contains("history:", table.Stdout);
        Assert.Contains("retry failed 5 times", table.Stdout);
        Assert.Contains("strategies:", table.Stdout);
        Assert.Equal($"GET /api/recovery/levels/{Fingerprint}", (string?)json.Json["seen"]);
    }

    [Fact]
    public async Task Recovery_reset_posts_to_the_fingerprint()
    {
        var run = await node.FtrAsync("recovery", "reset", Fingerprint, "--json");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal($"POST /api/recovery/levels/{Fingerprint}/reset", (string?)run.Json["seen"]);
        Assert.Equal(1, (int)run.Json["level"]!);
    }

    [Fact]
    public async Task Recovery_metrics_shows_a_row_per_strategy()
    {
        var run = await node.FtrAsync("recovery", "metrics");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("successRate", run.Stdout);
        Assert.Contains("meanRecoveryMs", run.Stdout);
        Assert.Contains("retry-extended", run.Stdout);
    }

    [Fact]
    public async Task Errors_list_sends_every_filter_as_a_query_parameter()
    {
        var run = await node.FtrAsync("errors", "list", "--category", "external", "--severity", "high", "--tool", "http",
            "--since", "2026-11-23T08:00:00Z", "--status", "open", "--json");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("GET /api/errors?category=external&severity=high&tool=http&since=2026-11-23T08%3A00%3A00Z&status=open", (string?)run.Json["seen"]);
    }

    [Fact]
    public async Task Errors_list_shows_a_table_with_the_total()
    {
        var run = await node.FtrAsync("errors", "list");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("e-1", run.Stdout);
        Assert.Contains("total: 1", run.Stdout);
    }

    [Fact]
    public async Task Errors_top_asks_for_the_ten_most_frequent()
    {
        var run = await node.FtrAsync("errors", "top", "--json");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("GET /api/errors?sort=count&limit=10", (string?)run.Json["seen"]);
    }

    [Fact]
    public async Task Errors_show_and_resolve_address_one_error()
    {
        var show = await node.FtrAsync("errors", "show", "e-1", "--json");
        var resolve = await node.FtrAsync("errors", "resolve", "e-1", "--json");

        Assert.Equal("GET /api/errors/e-1", (string?)show.Json["seen"]);
        Assert.Equal("POST /api/errors/e-1/resolve", (string?)resolve.Json["seen"]);
        Assert.Equal("resolved", (string?)resolve.Json["status"]);
    }
}
