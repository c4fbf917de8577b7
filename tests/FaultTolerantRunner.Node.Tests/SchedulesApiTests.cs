using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using FaultTolerantRunner.Node.Tests.Support;
using FaultTolerantRunner.TestSupport;

namespace FaultTolerantRunner.Node.Tests;

/// <summary><c>/api/schedules</c> on a real node: bad input is a 400 that says what is wrong, and a schedule fires, pauses, triggers and goes.</summary>
public sealed class SchedulesApiTests(NodeFixture node) : IClassFixture<NodeFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private static object Body(string name, string cron = "0 3 * * *", string? zone = null, string tool = "echo", string? overlap = null, string? catchUp = null) =>
        new { name, cron, timeZone = zone, tool, parameters = new { text = "hi" }, overlap, catchUp };

    private async Task<JsonObject> ShowAsync(string name) => (await node.Http.GetFromJsonAsync<JsonObject>($"/api/schedules/{name}"))!;

    [Theory]
    [InlineData("bad-cron", "*/5 * * *", "UTC", "echo", "invalid-cron", "has 4 field(s)")]
    [InlineData("bad-cron-field", "0 25 * * *", "UTC", "echo", "invalid-cron", "is not valid")]
    [InlineData("bad-zone", "*/5 * * * *", "Europe/Atlantis", "echo", "invalid-time-zone", "not a known IANA time zone")]
    [InlineData("bad name", "*/5 * * * *", "UTC", "echo", "invalid-schedule-name", "1 to 100 characters")]
    [InlineData("bad-tool", "*/5 * * * *", "UTC", "no-such-tool", "unknown-tool", "no-such-tool")]
    public async Task A_bad_schedule_is_a_400_that_says_what_is_wrong(string name, string cron, string zone, string tool, string code, string says)
    {
        var response = await node.Http.PostAsJsonAsync("/api/schedules", Body(name, cron, zone, tool));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await Problem.ReadAsync(response);
        Assert.Equal(code, (string)problem["code"]!);
        Assert.Contains(says, (string)problem["message"]!);
        if (code.StartsWith("invalid-cron") || code == "invalid-time-zone")
            Assert.Contains(problem["suggestedActions"]!.AsArray(), a => ((string)a!).Contains("*/5 * * * *") || ((string)a!).Contains("Europe/Berlin"));
    }

    [Theory]
    [InlineData("overlap", "sometimes", "invalid-overlap")]
    [InlineData("catchUp", "everything", "invalid-catch-up")]
    public async Task An_unknown_overlap_or_catch_up_mode_is_a_400_naming_the_modes(string field, string value, string code)
    {
        var body = new JsonObject { ["name"] = "modes", ["cron"] = "0 3 * * *", ["tool"] = "echo", [field] = value };

        var response = await node.Http.PostAsJsonAsync("/api/schedules", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(code, (string)(await Problem.ReadAsync(response))["code"]!);
    }

    [Fact]
    public async Task An_unknown_schedule_is_a_404()
    {
        var response = await node.Http.GetAsync("/api/schedules/never-made");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("schedule-not-found", (string)(await Problem.ReadAsync(response))["code"]!);
    }

    [Fact]
    public async Task A_schedule_is_created_then_replaced_listed_and_shown_with_its_next_five_occurrences_in_its_zone()
    {
        var created = await node.Http.PostAsJsonAsync("/api/schedules", Body("berlin-3am", zone: "Europe/Berlin", overlap: "buffer-one", catchUp: "latest"));
        var replaced = await node.Http.PostAsJsonAsync("/api/schedules", Body("berlin-3am", cron: "30 3 * * *", zone: "Europe/Berlin"));

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.OK, replaced.StatusCode);
        var shown = await ShowAsync("berlin-3am");
        Assert.Equal(("30 3 * * *", "skip", "none", "active"), ((string)shown["cron"]!, (string)shown["overlap"]!, (string)shown["catchUp"]!, (string)shown["status"]!));
        var next = shown["nextOccurrences"]!.AsArray().Select(n => DateTimeOffset.Parse((string)n!)).ToArray();
        Assert.Equal(5, next.Length);
        var berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        Assert.All(next, n => Assert.Equal(new TimeSpan(3, 30, 0), TimeZoneInfo.ConvertTime(n, berlin).TimeOfDay));

        var list = await Eventually.Until(async () => (await node.Http.GetFromJsonAsync<JsonObject>("/api/schedules"))!,
            l => l["items"]!.AsArray().Any(i => (string)i!["name"]! == "berlin-3am"), Patience, "the schedule listed");
        Assert.True((bool)list["complete"]!);
    }

    [Fact]
    public async Task An_every_second_schedule_fires_tasks_keyed_by_its_occurrences_and_shows_their_outcomes()
    {
        Assert.Equal(HttpStatusCode.Created, (await node.Http.PostAsJsonAsync("/api/schedules", Body("every-second", cron: "* * * * * *", overlap: "allow"))).StatusCode);

        var shown = await Eventually.Until(() => ShowAsync("every-second"),
            s => s["firings"]!.AsArray().Any(f => (string?)f!["outcome"] == "Succeeded"), Patience, "a fired task succeeded");

        var firing = shown["firings"]!.AsArray().First(f => (string?)f!["outcome"] == "Succeeded")!;
        var task = (await node.Http.GetFromJsonAsync<JsonObject>($"/api/tasks/{(string)firing["taskId"]!}"))!;
        var occurrence = DateTimeOffset.Parse((string)firing["occurrence"]!).UtcDateTime;
        Assert.Equal($"schedule:every-second:{occurrence:yyyy-MM-dd'T'HH:mm:ss'Z'}", (string)task["idempotencyKey"]!);
        await node.Http.DeleteAsync("/api/schedules/every-second");
    }

    [Fact]
    public async Task A_paused_schedule_shows_no_next_occurrence_and_a_trigger_still_runs_it_now()
    {
        await node.Http.PostAsJsonAsync("/api/schedules", Body("pausable"));

        var paused = (await (await node.Http.PostAsync("/api/schedules/pausable/pause", null)).Content.ReadFromJsonAsync<JsonObject>())!;
        var trigger = await node.Http.PostAsync("/api/schedules/pausable/trigger", null);

        Assert.Equal("paused", (string)paused["status"]!);
        Assert.Empty(paused["nextOccurrences"]!.AsArray());
        Assert.Equal(HttpStatusCode.Accepted, trigger.StatusCode);
        var triggered = (await trigger.Content.ReadFromJsonAsync<JsonObject>())!;
        var firing = triggered["firings"]!.AsArray()[0]!;
        Assert.Equal(("triggered", (string)triggered["lastTaskId"]!), ((string)firing["kind"]!, (string)firing["taskId"]!));
        Assert.Equal(HttpStatusCode.OK, (await node.Http.GetAsync($"/api/tasks/{(string)firing["taskId"]!}")).StatusCode);
        var resumed = (await (await node.Http.PostAsync("/api/schedules/pausable/resume", null)).Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(("active", 5), ((string)resumed["status"]!, resumed["nextOccurrences"]!.AsArray().Count));
    }

    [Fact]
    public async Task A_deleted_schedule_is_gone_from_show_and_list()
    {
        await node.Http.PostAsJsonAsync("/api/schedules", Body("short-lived"));

        var deleted = await node.Http.DeleteAsync("/api/schedules/short-lived");

        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await node.Http.GetAsync("/api/schedules/short-lived")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await node.Http.PostAsync("/api/schedules/short-lived/trigger", null)).StatusCode);
        var list = (await node.Http.GetFromJsonAsync<JsonObject>("/api/schedules"))!;
        Assert.DoesNotContain(list["items"]!.AsArray(), i => (string)i!["name"]! == "short-lived");
    }
}
