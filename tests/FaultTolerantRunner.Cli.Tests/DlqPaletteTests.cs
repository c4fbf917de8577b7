using FaultTolerantRunner.Cli.Tests.Support;

namespace FaultTolerantRunner.Cli.Tests;

/// <summary><c>ftr dlq</c>: list, show, requeue and purge by id and by filter.</summary>
[Collection(NodeCollection.Name)]
public sealed class DlqPaletteTests(CliNodeFixture node)
{
    private async Task<string> DeadLetteredAsync(string tool = "flaky")
    {
        var run = await node.FtrAsync("run", tool, "--param", "failures=1", "--param", "category=permanent", "--wait", "--json");
        Assert.Equal("DeadLettered", (string?)run.Json["state"]);
        return (string)run.Json["id"]!;
    }

    [Fact]
    public async Task Dlq_list_and_show_give_the_entry_and_its_error_report()
    {
        var id = await DeadLetteredAsync();
        await Eventually.Until(() => node.FtrAsync("dlq", "list", "--json"),
            r => r.ExitCode == 0 && r.Json["items"]!.AsArray().Any(i => (string?)i!["id"] == id), TimeSpan.FromSeconds(60), "entry listed");

        var table = await node.FtrAsync("dlq", "list", "--tool", "flaky");
        var show = await node.FtrAsync("dlq", "show", id, "--json");

        Assert.Contains(id, table.Stdout);
        Assert.Equal(0, show.ExitCode);
        Assert.Equal("permanent", (string?)show.Json["error"]!["category"]);
    }

    [Fact]
    public async Task Dlq_requeue_by_id_runs_the_task_again()
    {
        var id = await DeadLetteredAsync();

        var run = await node.FtrAsync("dlq", "requeue", id, "--json");

        Assert.Equal(0, run.ExitCode);
        await node.AwaitTaskAsync(id, t => (string?)t["state"] == "Succeeded", "requeued task succeeding");
    }

    [Fact]
    public async Task Dlq_purge_by_id_removes_the_entry()
    {
        var id = await DeadLetteredAsync();

        var run = await node.FtrAsync("dlq", "purge", id);
        var again = await node.FtrAsync("dlq", "show", id);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("not in the dead-letter queue", again.ErrorLine);
    }

    [Fact]
    public async Task Dlq_requeue_by_filter_acts_on_every_match()
    {
        var id = await DeadLetteredAsync();
        await Eventually.Until(() => node.FtrAsync("dlq", "list", "--json"),
            r => r.ExitCode == 0 && r.Json["items"]!.AsArray().Any(i => (string?)i!["id"] == id), TimeSpan.FromSeconds(60), "entry listed");

        var run = await node.FtrAsync("dlq", "requeue", "--filter", "tool=flaky", "--filter", "category=permanent", "--json");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains(run.Json["ids"]!.AsArray(), i => (string?)i == id);
    }

    [Fact]
    public async Task Dlq_purge_by_filter_with_an_unknown_field_is_refused()
    {
        var run = await node.FtrAsync("dlq", "purge", "--filter", "toool=flaky");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("did you mean 'tool'?", run.ErrorLine);
    }

    [Fact]
    public async Task Dlq_purge_without_id_or_filter_is_a_usage_error()
    {
        var run = await node.FtrAsync("dlq", "purge");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("give either <id> or --filter", run.ErrorLine);
    }
}
