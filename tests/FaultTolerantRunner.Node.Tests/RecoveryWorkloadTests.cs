using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using FaultTolerantRunner.Node.Tests.Support;
using Xunit.Abstractions;

namespace FaultTolerantRunner.Node.Tests;

/// <summary>A node with a webhook receiver that fails its first deliveries, fast analytics checks and millisecond retries.</summary>
public sealed class RecoveryNodeFixture : NodeFixture
{
    public WebhookReceiver Webhook { get; private set; } = null!;

    protected override IEnumerable<string> ExtraArgs =>
    [
        $"--Notifications:Webhooks:0={Webhook.Url}",
        "--Notifications:BaseDelay=00:00:00.050",
        "--Notifications:MaxDelay=00:00:00.200",
        "--Analytics:CheckInterval=00:00:00.500",
        "--SelfHealing:Interval=00:00:00.500",
    ];

    public override async Task InitializeAsync()
    {
        Webhook = await WebhookReceiver.StartAsync(failFirst: 2);
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Webhook.DisposeAsync();
    }
}

public sealed class RecoveryWorkloadTests(RecoveryNodeFixture node, ITestOutputHelper output) : IClassFixture<RecoveryNodeFixture>
{
    private static readonly string[] Terminal = ["Succeeded", "DeadLettered", "Failed", "Cancelled", "Degraded"];

    [Fact]
    public async Task A_mixed_fault_workload_recovers_every_recoverable_task_and_dead_letters_every_permanent_one_recording_every_action()
    {
        var before = await Metrics();
        var recoverable = new List<object>();
        for (var i = 0; i < 20; i++) recoverable.Add(new { tool = "flaky", parameters = new { failures = 1 + i % 4, category = "transient" } });
        for (var i = 0; i < 10; i++) recoverable.Add(new { tool = "flaky", parameters = new { failures = 1 + i % 2, category = "resource" } });
        for (var i = 0; i < 6; i++) recoverable.Add(new { tool = "flaky", parameters = new { failures = 1, category = "timeout" }, timeoutSeconds = 1 });
        for (var i = 0; i < 6; i++) recoverable.Add(new { tool = "flaky", parameters = new { failures = 1 + i % 3, category = "external" } });
        for (var i = 0; i < 4; i++) recoverable.Add(new { tool = "batch", parameters = new { items = new[] { 1, 2, 3, 4 }, failAt = i % 4 } });
        var permanent = new List<object>();
        for (var i = 0; i < 5; i++) permanent.Add(new { tool = "flaky", parameters = new { failures = 1, category = "validation" } });
        for (var i = 0; i < 5; i++) permanent.Add(new { tool = "flaky", parameters = new { failures = 3, category = "permanent" } });

        // All submitted at once: at least 50 tasks in flight together.
        var recoverableIds = await SubmitAllAsync(recoverable);
        var permanentIds = await SubmitAllAsync(permanent);
        // Critical failures isolate the tool, so they go in once everything else is accepted.
        var criticalIds = await SubmitAllAsync([new { tool = "flaky", parameters = new { failures = 1, category = "critical" } }]);
        permanentIds.AddRange(criticalIds);

        var finished = new Dictionary<string, JsonObject>();
        foreach (var id in recoverableIds.Concat(permanentIds))
            finished[id] = await Eventually.Until(async () => (await node.Http.GetFromJsonAsync<JsonObject>($"/api/tasks/{id}"))!,
                t => Terminal.Contains((string?)t["state"]), TimeSpan.FromSeconds(90), $"task {id} finishing");
        await node.Http.PostAsync("/api/tools/flaky/enable", null);

        var recovered = recoverableIds.Count(id => (string?)finished[id]["state"] == "Succeeded");
        var deadLettered = permanentIds.Count(id => (string?)finished[id]["state"] == "DeadLettered");
        var plans = finished.Values.Sum(t => t["history"]!.AsArray().Count(h => (string?)h!["event"] == "recovery-planned"));
        var escalatedToDlq = finished.Values.Count(t => ((string?)t["history"]!.AsArray()[^1]!["detail"] ?? "").Contains("recovery level 5"));
        var retries = finished.Values.Sum(t => t["attemptHistory"]!.AsArray().Count(a => (string?)a!["outcome"] == "failed")) - permanentIds.Count;
        var maxLevel = finished.Values.Max(t => (int)t["recoveryLevel"]!);
        var after = await Eventually.Until(Metrics, m => (long)m["actionsRecorded"]! - (long)before["actionsRecorded"]! >= plans + escalatedToDlq,
            TimeSpan.FromSeconds(20), "the registry counting every recovery action");

        output.WriteLine($"tasks {finished.Count} (recoverable {recoverableIds.Count}, permanent {permanentIds.Count}); " +
                         $"recovered {recovered}/{recoverableIds.Count} = {100.0 * recovered / recoverableIds.Count:0.#} %; " +
                         $"dead-lettered {deadLettered}/{permanentIds.Count}; retries {retries}; recovery actions in task journals {plans} " +
                         $"(+{escalatedToDlq} level-5), recorded by recovery entities {(long)after["actionsRecorded"]! - (long)before["actionsRecorded"]!}; highest level {maxLevel}");
        foreach (var s in after["strategies"]!.AsArray())
            output.WriteLine($"  {s!["category"]} L{s["level"]} {s["strategy"]}: {s["successes"]}/{s["attempts"]} recovered, mean {(double)s["meanRecoveryMs"]!:0} ms, score {(double)s["score"]!:0.000}");

        Assert.Equal(recoverableIds.Count, recovered);
        Assert.Equal(permanentIds.Count, deadLettered);
        Assert.Equal(retries, plans);
        Assert.Equal(plans + escalatedToDlq, (long)after["actionsRecorded"]! - (long)before["actionsRecorded"]!);
    }

    [Fact]
    public async Task Webhook_notifications_are_retried_until_the_receiver_takes_them()
    {
        await node.SubmitAsync(new { tool = "flaky", parameters = new { failures = 1, category = "permanent" }, idempotencyKey = $"webhook-{Guid.NewGuid()}" });

        await Eventually.Until(() => Task.FromResult(node.Webhook.Deliveries.ToArray()), d => d.Any(x => x.Status == 200),
            TimeSpan.FromSeconds(30), "a delivery the receiver accepted");

        var deliveries = node.Webhook.Deliveries.ToArray();
        Assert.Equal([503, 503], deliveries.Take(2).Select(d => d.Status));
        // At least once: the first notification came back after each refusal, with the same id, until it was taken.
        var first = deliveries[0].Id;
        Assert.False(string.IsNullOrEmpty(first));
        Assert.Equal([503, 503, 200], deliveries.Where(d => d.Id == first).Select(d => d.Status));
        Assert.All(deliveries, d => Assert.False(string.IsNullOrEmpty((string?)d.Body["severity"])));
    }

    [Fact]
    public async Task The_error_registry_groups_reports_by_fingerprint_filters_them_and_resolves_and_reopens_a_group()
    {
        var first = await node.SubmitAsync(new { tool = "flaky", parameters = new { failures = 1, category = "permanent" } });
        var done = await node.AwaitStateAsync((string)first["id"]!, "DeadLettered");
        var fingerprint = (string)done["lastError"]!["fingerprint"]!;

        var list = await Eventually.Until(async () => (await node.Http.GetFromJsonAsync<JsonObject>("/api/errors?category=permanent&tool=flaky"))!,
            l => l["items"]!.AsArray().Any(g => (string?)g!["fingerprint"] == fingerprint), TimeSpan.FromSeconds(15), "the registry listing the error");
        Assert.All(list["items"]!.AsArray(), g => Assert.Equal("permanent", (string?)g!["category"]));

        var detail = await Eventually.Until(async () => (await node.Http.GetFromJsonAsync<JsonObject>($"/api/errors/{Uri.EscapeDataString(fingerprint)}"))!,
            d => d["reports"]!.AsArray().Any(r => (string?)r!["taskId"] == (string)first["id"]!), TimeSpan.FromSeconds(15), "the task's report in its group");
        Assert.Equal(fingerprint, (string?)detail["group"]!["fingerprint"]);
        var report = detail["reports"]!.AsArray().First(r => (string?)r!["taskId"] == (string)first["id"]!)!;
        Assert.Equal("flaky", (string?)report["tool"]);
        Assert.False(string.IsNullOrEmpty((string?)report["node"]));
        var byReport = (await node.Http.GetFromJsonAsync<JsonObject>($"/api/errors/{Uri.EscapeDataString((string)report["reportId"]!)}"))!;
        Assert.Equal(fingerprint, (string?)byReport["group"]!["fingerprint"]);

        var resolved = await node.Http.PostAsJsonAsync($"/api/errors/{Uri.EscapeDataString(fingerprint)}/resolve", new { note = "permissions fixed" });
        Assert.Equal(HttpStatusCode.OK, resolved.StatusCode);
        Assert.Equal("permissions fixed", (string?)(await resolved.Content.ReadFromJsonAsync<JsonObject>())!["note"]);
        await Eventually.Until(async () => (await node.Http.GetFromJsonAsync<JsonObject>("/api/errors?status=resolved"))!,
            l => l["items"]!.AsArray().Any(g => (string?)g!["fingerprint"] == fingerprint), TimeSpan.FromSeconds(15), "the group listed as resolved");

        var again = await node.SubmitAsync(new { tool = "flaky", parameters = new { failures = 1, category = "permanent" } });
        await node.AwaitStateAsync((string)again["id"]!, "DeadLettered");
        await Eventually.Until(async () => (await node.Http.GetFromJsonAsync<JsonObject>($"/api/errors/{Uri.EscapeDataString(fingerprint)}"))!,
            d => (string?)d["group"]!["status"] == "open" && (long)d["group"]!["count"]! >= 2, TimeSpan.FromSeconds(15), "the next occurrence reopening the group");
    }

    [Fact]
    public async Task A_fingerprint_reported_ten_times_within_five_minutes_is_listed_at_its_raised_severity()
    {
        // Permanent failures are medium; Recovery:SeverityRaise's defaults raise the reports after the tenth in 5 min to high.
        var ids = new List<string>();
        for (var i = 0; i < 10; i++) ids.Add((string)(await node.SubmitAsync(new { tool = "flaky", parameters = new { failures = 1, category = "permanent" } }))["id"]!);
        string? fingerprint = null;
        foreach (var id in ids) fingerprint = (string)(await node.AwaitStateAsync(id, "DeadLettered"))["lastError"]!["fingerprint"]!;

        var listed = await Eventually.Until(async () => (await node.Http.GetFromJsonAsync<JsonObject>("/api/errors?severity=high&tool=flaky"))!,
            l => l["items"]!.AsArray().Any(g => (string?)g!["fingerprint"] == fingerprint), TimeSpan.FromSeconds(15), "the group listed at high");
        Assert.All(listed["items"]!.AsArray(), g => Assert.Equal("high", (string?)g!["severity"]));
        var detail = (await node.Http.GetFromJsonAsync<JsonObject>($"/api/errors/{Uri.EscapeDataString(fingerprint!)}"))!;
        Assert.Equal("high", (string?)detail["group"]!["severity"]);
        Assert.Equal("permanent", (string?)detail["group"]!["category"]);
    }

    [Theory]
    [InlineData("/api/errors?severity=urgent", "invalid-severity")]
    [InlineData("/api/errors?category=transiant", "invalid-category")]
    [InlineData("/api/errors?since=yesterday", "invalid-since")]
    [InlineData("/api/errors?limit=0", "invalid-query")]
    public async Task Bad_registry_filters_are_400_problems_that_say_what_to_send(string url, string code)
    {
        var response = await node.Http.GetAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await Problem.ReadAsync(response);
        Assert.Equal(code, (string?)problem["code"]);
        Assert.NotEmpty(problem["suggestedActions"]!.AsArray());
    }

    [Fact]
    public async Task Recovery_levels_show_history_and_strategies_and_an_operator_can_reset_a_level()
    {
        var task = await node.SubmitAsync(new { tool = "flaky", parameters = new { failures = 2, category = "resource" } });
        var done = await node.AwaitStateAsync((string)task["id"]!, "Succeeded");
        var fingerprint = (string)done["attemptHistory"]![0]!["error"]!["fingerprint"]!;

        var levels = await Eventually.Until(async () => (await node.Http.GetFromJsonAsync<JsonObject>("/api/recovery/levels?minLevel=0"))!["items"]!.AsArray(),
            l => l.Any(f => (string?)f!["fingerprint"] == fingerprint), TimeSpan.FromSeconds(15), "the fingerprint in the levels list");
        Assert.All(levels, f => Assert.InRange((int)f!["level"]!, 0, 5));

        var shown = await Eventually.Until(async () => (await node.Http.GetFromJsonAsync<JsonObject>($"/api/recovery/levels/{Uri.EscapeDataString(fingerprint)}"))!,
            f => f["history"]!.AsArray().Any(h => (string?)h!["kind"] == "outcome" && (string?)h["taskId"] == (string)task["id"]!),
            TimeSpan.FromSeconds(15), "the task's recovery outcome in the fingerprint's history");
        Assert.Equal("resource", (string?)shown["category"]);
        Assert.Contains(shown["history"]!.AsArray(), h => (string?)h!["kind"] == "action" && (string?)h["taskId"] == (string)task["id"]!);
        Assert.NotEmpty(shown["strategies"]!.AsArray());

        var reset = await node.Http.PostAsJsonAsync($"/api/recovery/levels/{Uri.EscapeDataString(fingerprint)}/reset", new { reason = "disk cleaned" });
        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        Assert.InRange((int)(await reset.Content.ReadFromJsonAsync<JsonObject>())!["level"]!, 0, 1);

        await Eventually.Until(Metrics, m => m["strategies"]!.AsArray().Any(s => (string?)s!["category"] == "resource" && (int)s["successes"]! >= 1 && (double)s["score"]! > 0),
            TimeSpan.FromSeconds(15), "the strategy metrics scoring the recovery");

        var unknown = await node.Http.GetAsync("/api/recovery/levels/flaky%3Atransient%3Adeadbeefdeadbeef");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("fingerprint-not-found", (string?)(await Problem.ReadAsync(unknown))["code"]);
    }

    [Fact]
    public async Task Diagnostics_show_anomalies_breakers_stuck_tasks_the_dead_letter_queue_cluster_and_intake()
    {
        var task = await node.SubmitAsync(new { tool = "flaky", parameters = new { failures = 1, category = "validation" } });
        await node.AwaitStateAsync((string)task["id"]!, "DeadLettered");

        var diagnostics = await Eventually.Until(async () => (await node.Http.GetFromJsonAsync<JsonObject>("/api/diagnostics"))!,
            d => (int)d["deadLetterQueue"]! >= 1, TimeSpan.FromSeconds(15), "diagnostics counting the dead-lettered task");

        Assert.Contains((string?)diagnostics["status"], new[] { "healthy", "attention" });
        Assert.NotNull(diagnostics["anomalies"]!.AsArray());
        Assert.NotNull(diagnostics["openBreakers"]!.AsArray());
        Assert.NotNull(diagnostics["stuckTasks"]!.AsArray());
        Assert.Equal("reachable", (string?)diagnostics["intake"]!["journal"]);
        Assert.True((bool)diagnostics["taskIndex"]!["caughtUp"]!);
        Assert.True((int)diagnostics["taskIndex"]!["tasks"]! >= 1);
        Assert.Equal(0, (long)diagnostics["taskIndex"]!["lateEvents"]!);
        Assert.Equal("Up", (string?)diagnostics["cluster"]!["members"]!.AsArray().Single()!["status"]);
        Assert.True((int)diagnostics["window"]!["attemptsFailed"]! >= 1);
    }

    private async Task<JsonObject> Metrics() => (await node.Http.GetFromJsonAsync<JsonObject>("/api/recovery/metrics"))!;

    private async Task<List<string>> SubmitAllAsync(IEnumerable<object> bodies) =>
        (await Task.WhenAll(bodies.Select(b => node.SubmitAsync(b)))).Select(t => (string)t["id"]!).ToList();
}
