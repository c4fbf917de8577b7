using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using FaultTolerantRunner.Node.Tests.Support;

namespace FaultTolerantRunner.Node.Tests;

public sealed class BreakerFixture : NodeFixture
{
    protected override IEnumerable<string> ExtraArgs =>
    [
        "--Breakers:Default:MinimumThroughput=4",
        "--Breakers:Default:FailureRatio=0.5",
        "--Breakers:Default:BreakDuration=00:00:01",
        "--Breakers:Default:SuccessesToClose=2",
        "--Breakers:slow-svc:SlowCallThreshold=00:00:00.300",
    ];
}

/// <summary>Breakers against a real HTTP service with switchable faults.</summary>
public sealed class BreakerTests(BreakerFixture node) : IClassFixture<BreakerFixture>, IAsyncLifetime
{
    private FaultyService _service = null!;

    public async Task InitializeAsync() => _service = await FaultyService.StartAsync();

    public async Task DisposeAsync() => await _service.DisposeAsync();

    [Fact]
    public async Task The_breaker_opens_at_the_ratio_after_the_minimum_throughput_then_tasks_wait_without_touching_the_service_and_resume()
    {
        var service = "svc-" + Guid.NewGuid().ToString("N")[..8];
        _service.Current = FaultyService.Mode.Unavailable;

        for (var i = 0; i < 3; i++) await RunOnce(service, "DeadLettered");
        Assert.Equal("Closed", await StateOf(service)); // 3 failures < minimum throughput 4

        await RunOnce(service, "DeadLettered");
        Assert.Equal("Open", await StateOf(service));
        var requestsWhenOpen = _service.Requests;

        var waiting = await node.SubmitAsync(new { tool = "http", parameters = new { url = _service.Url + "/x", service }, maxRetries = 0 });
        var id = (string)waiting["id"]!;
        var waited = await node.AwaitStateAsync(id, "WaitingForService");
        Assert.Equal(0, (int)waited["attempts"]!);
        Assert.Equal(requestsWhenOpen, _service.Requests); // fast-fail: the service saw nothing

        _service.Current = FaultyService.Mode.Healthy;
        var done = await node.AwaitStateAsync(id, "Succeeded", TimeSpan.FromSeconds(20));
        Assert.Equal(1, (int)done["attempts"]!); // waiting consumed no attempt
        Assert.Contains(done["history"]!.AsArray(), h => (string?)h!["event"] == "waiting-for-service");
    }

    [Theory]
    [InlineData(FaultyService.Mode.TooManyRequests)]
    [InlineData(FaultyService.Mode.Reset)]
    public async Task Throttling_and_connection_resets_count_against_the_service(FaultyService.Mode mode)
    {
        var service = "svc-" + Guid.NewGuid().ToString("N")[..8];
        _service.Current = mode;

        for (var i = 0; i < 4; i++) await RunOnce(service, "DeadLettered");

        Assert.Equal("Open", await StateOf(service));
    }

    [Fact]
    public async Task Slow_successes_open_a_breaker_with_a_slow_call_threshold()
    {
        _service.Current = FaultyService.Mode.Slow;
        // Four calls in parallel, each ~2 s, all over the 300 ms threshold of slow-svc.
        var tasks = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ =>
            node.SubmitAsync(new { tool = "http", parameters = new { url = _service.Url + "/slow", service = "slow-svc" } })));
        foreach (var task in tasks) await node.AwaitStateAsync((string)task["id"]!, "Succeeded");

        Assert.Equal("Open", await StateOf("slow-svc"));
        _service.Current = FaultyService.Mode.Healthy;
        await node.Http.PostAsync("/api/breakers/slow-svc/reset", null);
    }

    [Fact]
    public async Task Caller_validation_errors_do_not_count_against_the_service()
    {
        var service = "svc-" + Guid.NewGuid().ToString("N")[..8];
        _service.Current = FaultyService.Mode.Healthy;

        for (var i = 0; i < 5; i++)
        {
            // 404 is the caller's problem (permanent), not the service's health.
            var task = await node.SubmitAsync(new { tool = "http", parameters = new { url = _service.Url + "/missing", service }, maxRetries = 0 });
            var dead = await node.AwaitStateAsync((string)task["id"]!, "DeadLettered");
            Assert.Equal("permanent", (string?)dead["lastError"]!["category"]);
        }
        var view = (await node.Http.GetFromJsonAsync<JsonObject>($"/api/breakers/{service}"))!;

        Assert.Equal("Closed", (string?)view["state"]);
        Assert.Equal(0, (int)view["window"]!["failures"]!);
        Assert.Equal(0, (int)view["window"]!["calls"]!);
    }

    [Fact]
    public async Task Operators_trip_and_reset_a_breaker_and_see_the_transitions()
    {
        var service = "svc-" + Guid.NewGuid().ToString("N")[..8];
        _service.Current = FaultyService.Mode.Healthy;

        var tripped = (await (await node.Http.PostAsync($"/api/breakers/{service}/trip", null)).Content.ReadFromJsonAsync<JsonObject>())!;
        var task = await node.SubmitAsync(new { tool = "http", parameters = new { url = _service.Url + "/y", service } });
        var id = (string)task["id"]!;
        await node.AwaitStateAsync(id, "WaitingForService");
        var reset = (await (await node.Http.PostAsync($"/api/breakers/{service}/reset", null)).Content.ReadFromJsonAsync<JsonObject>())!;

        Assert.Equal(("Open", true), ((string?)tripped["state"], (bool)tripped["forced"]!));
        Assert.Equal("Closed", (string?)reset["state"]);
        Assert.Equal(["tripped: by operator", "reset: by operator"], reset["transitions"]!.AsArray().Select(t => (string?)t!["reason"]));
        await node.AwaitStateAsync(id, "Succeeded");
        var all = (await node.Http.GetFromJsonAsync<JsonObject>("/api/breakers"))!["items"]!.AsArray();
        Assert.Contains(all, b => (string?)b!["service"] == service);
    }

    [Fact]
    public async Task A_task_whose_service_stays_down_past_its_deadline_is_dead_lettered_naming_the_service()
    {
        var service = "svc-" + Guid.NewGuid().ToString("N")[..8];
        await node.Http.PostAsync($"/api/breakers/{service}/trip", null);

        var task = await node.SubmitAsync(new { tool = "http", parameters = new { url = _service.Url + "/z", service }, deadlineSeconds = 1 });
        var dead = await node.AwaitStateAsync((string)task["id"]!, "DeadLettered", TimeSpan.FromSeconds(15));

        Assert.Equal(0, (int)dead["attempts"]!);
        Assert.Equal("external", (string?)dead["lastError"]!["category"]);
        Assert.Matches($"service '{service}' has been unavailable for \\d+ s", (string?)dead["lastError"]!["message"]);
        await node.Http.PostAsync($"/api/breakers/{service}/reset", null);
    }

    [Fact]
    public async Task Looking_up_an_unknown_breaker_is_404_and_creates_nothing()
    {
        var name = "never-used-" + Guid.NewGuid().ToString("N")[..8];

        var response = await node.Http.GetAsync($"/api/breakers/{name}");
        var all = (await node.Http.GetFromJsonAsync<JsonObject>("/api/breakers"))!["items"]!.AsArray();

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("breaker-not-found", (string?)(await Problem.ReadAsync(response))["code"]);
        Assert.DoesNotContain(all, b => (string?)b!["service"] == name);
    }

    [Fact]
    public async Task Breaker_metrics_are_exported_per_service()
    {
        var service = "svc-" + Guid.NewGuid().ToString("N")[..8];
        await node.Http.PostAsync($"/api/breakers/{service}/trip", null);

        var scrape = await Eventually.Until(() => node.Http.GetStringAsync("/metrics"),
            text => text.Contains($"ftr_breaker_state{{service=\"{service}\"") || text.Contains($"service=\"{service}\"}} 2"), TimeSpan.FromSeconds(10), "breaker gauge");

        Assert.Contains("ftr_breaker_transitions_total{", scrape);
    }

    private async Task RunOnce(string service, string state)
    {
        var task = await node.SubmitAsync(new { tool = "http", parameters = new { url = _service.Url + "/x", service }, maxRetries = 0 });
        await node.AwaitStateAsync((string)task["id"]!, state);
    }

    private async Task<string?> StateOf(string service) =>
        (string?)(await node.Http.GetFromJsonAsync<JsonObject>($"/api/breakers/{service}"))!["state"];
}

public sealed class FallbackFixture : NodeFixture
{
    protected override IEnumerable<string> ExtraArgs => ["--Tools:Fallback:http=echo"];
}

public sealed class FallbackTests(FallbackFixture node) : IClassFixture<FallbackFixture>
{
    [Fact]
    public async Task While_the_service_is_unavailable_the_fallback_runs_and_the_task_ends_degraded()
    {
        var service = "svc-" + Guid.NewGuid().ToString("N")[..8];
        await node.Http.PostAsync($"/api/breakers/{service}/trip", null);

        var task = await node.SubmitAsync(new { tool = "http", parameters = new { url = "http://127.0.0.1:9/never", service } });
        var done = await node.AwaitStateAsync((string)task["id"]!, "Degraded");

        Assert.True((bool)done["result"]!["degraded"]!);
        Assert.Contains($"service '{service}' unavailable", (string?)done["result"]!["reason"]);
        Assert.Contains("fallback 'echo'", (string?)done["result"]!["reason"]);
    }

    [Fact]
    public async Task When_the_retry_budget_of_a_failing_service_is_spent_the_fallback_serves_and_says_why()
    {
        await using var service = await FaultyService.StartAsync();
        service.Current = FaultyService.Mode.Unavailable;

        var task = await node.SubmitAsync(new { tool = "http", parameters = new { url = service.Url + "/report", service = "svc-" + Guid.NewGuid().ToString("N")[..8] }, maxRetries = 1 });
        var done = await node.AwaitStateAsync((string)task["id"]!, "Degraded");

        var attempts = done["attemptHistory"]!.AsArray();
        Assert.Equal(["failed", "failed", "succeeded"], attempts.Select(a => (string?)a!["outcome"]));
        Assert.Equal([null, null, "echo"], attempts.Select(a => (string?)a!["tool"]));
        Assert.Equal(2, service.Requests); // the fallback did not call the failing service
        Assert.Equal("echo", (string?)done["result"]!["fallback"]);
        Assert.StartsWith("retry budget spent", (string?)done["result"]!["reason"]);
        Assert.Contains(done["history"]!.AsArray(), h => (string?)h!["event"] == "fallback-chosen");
    }
}
