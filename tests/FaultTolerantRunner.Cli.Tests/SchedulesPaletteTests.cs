using FaultTolerantRunner.Cli.Tests.Support;

namespace FaultTolerantRunner.Cli.Tests;

/// <summary><c>ftr schedules</c>: add, list, show, pause, trigger and remove against a real node; a bad cron is refused with an example.</summary>
[Collection(NodeCollection.Name)]
public sealed class SchedulesPaletteTests(CliNodeFixture node)
{
    [Fact]
    public async Task A_schedule_is_added_listed_shown_paused_triggered_and_removed_from_the_palette()
    {
        var add = await node.FtrAsync("schedules", "add", "cli-nightly", "--cron", "0 3 * * *", "--tool", "echo", "-p", "text=hi",
            "--zone", "Europe/Berlin", "--overlap", "buffer-one", "--catch-up", "latest", "--json");
        var list = await node.FtrAsync("schedules", "list");
        var show = await node.FtrAsync("schedules", "show", "cli-nightly", "--json");
        var pause = await node.FtrAsync("schedules", "pause", "cli-nightly", "--json");
        var trigger = await node.FtrAsync("schedules", "trigger", "cli-nightly", "--json");
        var remove = await node.FtrAsync("schedules", "remove", "cli-nightly", "--json");

        Assert.Equal(0, add.ExitCode);
        Assert.Equal(("buffer-one", "latest", "Europe/Berlin"), ((string?)add.Json["overlap"], (string?)add.Json["catchUp"], (string?)add.Json["timeZone"]));
        Assert.Contains("cli-nightly", list.Stdout);
        Assert.Equal(5, show.Json["nextOccurrences"]!.AsArray().Count);
        Assert.Equal("paused", (string?)pause.Json["status"]);
        Assert.Equal(0, trigger.ExitCode);
        Assert.Equal("triggered", (string?)trigger.Json["firings"]![0]!["kind"]);
        Assert.Equal("deleted", (string?)remove.Json["status"]);
    }

    [Fact]
    public async Task A_bad_cron_is_refused_saying_what_is_wrong_with_an_example()
    {
        var run = await node.FtrAsync("schedules", "add", "cli-bad", "--cron", "*/5 * *", "--tool", "echo");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("has 3 field(s)", run.ErrorLine);
    }
}
