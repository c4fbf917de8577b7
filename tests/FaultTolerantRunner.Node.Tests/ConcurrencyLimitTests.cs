using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace FaultTolerantRunner.Node.Tests;

/// <summary>A node with two attempt slots (<c>flaky</c> configured to two as well, so AIMD can lower and raise it).</summary>
public sealed class TwoSlotNodeFixture : NodeFixture
{
    protected override IEnumerable<string> ExtraArgs => ["--Tasks:MaxConcurrentAttempts=2", "--Tools:Concurrency:flaky=2"];
}

/// <summary>Bounded concurrency on a real node: tasks over the limit wait in WaitingForResource, consuming no attempt, and start as slots free.</summary>
public sealed class ConcurrencyLimitTests(TwoSlotNodeFixture node) : IClassFixture<TwoSlotNodeFixture>
{
    [Fact]
    public async Task Ten_three_second_sleeps_on_two_slots_never_run_more_than_two_at_once_and_all_succeed_on_their_first_attempt()
    {
        var ids = new List<string>();
        for (var i = 0; i < 10; i++) ids.Add((string)(await node.SubmitAsync(new { tool = "sleep", parameters = new { ms = 3000 } }))["id"]!);

        var maxRunning = 0;
        var sawWaiting = false;
        var toolWaiting = 0;
        var clock = Stopwatch.StartNew();
        using var interval = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        for (var poll = 0; poll < 1200 && clock.Elapsed < TimeSpan.FromSeconds(90); poll++)
        {
            var page = (await node.Http.GetFromJsonAsync<JsonObject>("/api/tasks?tool=sleep&limit=50"))!["items"]!.AsArray()
                .Where(t => ids.Contains((string)t!["id"]!)).Select(t => (string)t!["status"]!).ToList();
            maxRunning = Math.Max(maxRunning, page.Count(s => s == "Running"));
            sawWaiting |= page.Contains("WaitingForResource");
            var sleep = (await node.Http.GetFromJsonAsync<JsonObject>("/api/tools/sleep"))!;
            Assert.Equal(2, (int)sleep["limit"]!);
            Assert.InRange((int)sleep["running"]!, 0, 2);
            toolWaiting = Math.Max(toolWaiting, (int)sleep["waiting"]!);
            if (page.Count == ids.Count && page.All(s => s == "Succeeded")) break;
            await interval.WaitForNextTickAsync();
        }

        Assert.Equal(2, maxRunning);
        Assert.True(sawWaiting, "no task was seen WaitingForResource");
        Assert.InRange(toolWaiting, 1, 8);
        foreach (var id in ids)
        {
            var task = (await node.Http.GetFromJsonAsync<JsonObject>($"/api/tasks/{id}"))!;
            Assert.Equal("Succeeded", (string?)task["state"]);
            var attempt = Assert.Single(task["attemptHistory"]!.AsArray())!; // waiting consumed no attempt and none failed
            Assert.Equal("succeeded", (string?)attempt["outcome"]);
        }
        var waited = 0;
        foreach (var id in ids)
        {
            var history = (await node.Http.GetFromJsonAsync<JsonObject>($"/api/tasks/{id}"))!["history"]!.AsArray();
            if (history.Any(h => (string?)h!["event"] == "waiting-for-resource")) waited++;
        }
        Assert.InRange(waited, 1, 8);
    }

    [Fact]
    public async Task A_resource_failure_waits_for_the_resource_then_retries_and_the_tool_limit_grows_back_after_the_success()
    {
        var id = (string)(await node.SubmitAsync(new { tool = "flaky", parameters = new { failures = 2, category = "resource" } }))["id"]!;

        var done = await node.AwaitStateAsync(id, "Succeeded", TimeSpan.FromSeconds(60));

        var events = done["history"]!.AsArray().Select(h => (string)h!["event"]!).ToList();
        var firstFailure = events.IndexOf("attempt-failed");
        Assert.Equal("waiting-for-resource", events[firstFailure + 1]);
        Assert.Equal(2, events.Count(e => e == "waiting-for-resource"));
        Assert.Equal(3, done["attemptHistory"]!.AsArray().Count);
        var waiting = done["history"]!.AsArray().First(h => (string?)h!["event"] == "waiting-for-resource")!;
        Assert.Equal("WaitingForResource", (string?)waiting["status"]);
        Assert.Contains("resource failure", (string?)waiting["detail"]);
        var flaky = (await node.Http.GetFromJsonAsync<JsonObject>("/api/tools/flaky"))!;
        Assert.Equal(2, (int)flaky["limit"]!); // halved to 1 by the resource failures, grown back to the configured 2 by the success
        Assert.Equal(0, (int)flaky["running"]!);
    }

    [Fact]
    public async Task The_tools_list_shows_running_waiting_and_limit_per_tool()
    {
        var tools = (await node.Http.GetFromJsonAsync<JsonObject>("/api/tools"))!["items"]!.AsArray();

        var echo = tools.Single(t => (string?)t!["name"] == "echo")!;
        var flaky = tools.Single(t => (string?)t!["name"] == "flaky")!;
        Assert.Equal(2, (int)echo["limit"]!);
        Assert.Equal(2, (int)flaky["limit"]!);
        Assert.NotNull(echo["running"]);
        Assert.NotNull(echo["waiting"]);
    }
}
