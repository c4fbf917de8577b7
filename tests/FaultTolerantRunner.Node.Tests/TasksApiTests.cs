using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using FaultTolerantRunner.Node.Tests.Support;

namespace FaultTolerantRunner.Node.Tests;

public sealed class TasksApiTests(NodeFixture node) : IClassFixture<NodeFixture>
{
    [Fact]
    public async Task A_submitted_echo_task_is_accepted_with_its_location_and_succeeds()
    {
        var response = await node.Http.PostAsJsonAsync("/api/tasks", new { tool = "echo", parameters = new { text = "hello" } });
        var accepted = (await response.Content.ReadFromJsonAsync<JsonObject>())!;

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var id = (string)accepted["id"]!;
        Assert.Equal($"/api/tasks/{id}", response.Headers.Location!.ToString());
        Assert.Equal("Accepted", (string?)accepted["state"]);

        var done = await node.AwaitStateAsync(id, "Succeeded");
        Assert.Equal("hello", (string?)done["result"]!["text"]);
        Assert.Equal(1, (int)done["attempts"]!);
        Assert.Equal(["accepted", "attempt-started", "attempt-succeeded"], done["history"]!.AsArray().Select(h => (string)h!["event"]!));
    }

    [Fact]
    public async Task The_same_idempotency_key_returns_the_first_task_and_never_runs_it_twice()
    {
        var key = "order-" + Guid.NewGuid().ToString("N");
        var first = await node.Http.PostAsJsonAsync("/api/tasks", new { tool = "echo", parameters = new { text = "first" }, idempotencyKey = key });
        var firstTask = (await first.Content.ReadFromJsonAsync<JsonObject>())!;
        await node.AwaitStateAsync((string)firstTask["id"]!, "Succeeded");

        var second = await node.Http.PostAsJsonAsync("/api/tasks", new { tool = "echo", parameters = new { text = "second" }, idempotencyKey = key });
        var secondTask = (await second.Content.ReadFromJsonAsync<JsonObject>())!;

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal((string)firstTask["id"]!, (string)secondTask["id"]!);
        Assert.Equal("first", (string?)secondTask["parameters"]!["text"]);
        Assert.Equal(1, (int)secondTask["attempts"]!);
    }

    [Fact]
    public async Task The_idempotency_key_header_is_honoured()
    {
        var key = "header-" + Guid.NewGuid().ToString("N");
        var ids = new List<string>();
        for (var i = 0; i < 2; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/tasks") { Content = JsonContent.Create(new { tool = "echo" }) };
            request.Headers.Add("Idempotency-Key", key);
            var response = await node.Http.SendAsync(request);
            ids.Add((string)(await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!);
        }

        Assert.Equal(ids[0], ids[1]);
    }

    [Fact]
    public async Task A_running_task_can_be_cancelled_once()
    {
        var task = await node.SubmitAsync(new { tool = "sleep", parameters = new { ms = 600000 } });
        var id = (string)task["id"]!;
        await node.AwaitStateAsync(id, "Running");

        var cancel = await node.Http.PostAsync($"/api/tasks/{id}/cancel", null);
        var again = await node.Http.PostAsync($"/api/tasks/{id}/cancel", null);

        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        Assert.Equal("Cancelled", (string?)(await cancel.Content.ReadFromJsonAsync<JsonObject>())!["state"]);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("task-already-finished", (string?)(await again.Content.ReadFromJsonAsync<JsonObject>())!["code"]);
    }

    [Fact]
    public async Task A_transient_failure_is_retried_with_growing_delays_and_succeeds_on_attempt_3()
    {
        var task = await node.SubmitAsync(new { tool = "flaky", parameters = new { failures = 2, category = "transient" } });

        var done = await node.AwaitStateAsync((string)task["id"]!, "Succeeded");

        var attempts = done["attemptHistory"]!.AsArray();
        Assert.Equal(["failed", "failed", "succeeded"], attempts.Select(a => (string?)a!["outcome"]));
        Assert.Equal("transient", (string?)attempts[0]!["error"]!["category"]);
        var retries = done["history"]!.AsArray().Where(h => (string?)h!["event"] == "attempt-failed").ToList();
        Assert.All(retries, r => Assert.Equal((DateTimeOffset)r!["at"]! + TimeSpan.FromMilliseconds((double)r["delayMs"]!), (DateTimeOffset)r["retryAt"]!, TimeSpan.FromMilliseconds(1)));
        var delays = retries.Select(r => (double)r!["delayMs"]!).ToList();
        Assert.Equal(2, delays.Count);
        Assert.True(delays[0] < delays[1], $"delays must grow: {string.Join(", ", delays)}");
    }

    [Fact]
    public async Task A_retried_then_dead_lettered_task_carries_the_standard_error_fields_on_its_last_error_and_each_failed_attempt()
    {
        var id = (string)(await node.SubmitAsync(new { tool = "flaky", parameters = new { failures = 9, category = "transient" }, maxRetries = 2 }))["id"]!;

        var dead = await node.AwaitStateAsync(id, "DeadLettered");

        string[] standard = ["category", "code", "severity", "message", "details", "suggestedActions", "recoveryAttempted", "recoveryLevel", "taskId", "timestamp"];
        var reached = (int)dead["recoveryLevel"]!;
        Assert.True(reached > 0, "the recovery engine planned at least one level");
        var attempts = dead["attemptHistory"]!.AsArray().Select(a => a!.AsObject()).ToArray();
        Assert.Equal(["failed", "failed", "failed"], attempts.Select(a => (string?)a["outcome"]));
        var levels = new List<int>();
        foreach (var attempt in attempts)
        {
            var error = attempt["error"]!.AsObject();
            Assert.All(standard, f => Assert.True(error.ContainsKey(f), $"attempt {attempt["number"]}'s error lacks {f}"));
            Assert.Equal("transient", (string?)error["category"]);
            Assert.Equal((string?)error["rule"], (string?)error["code"]);
            Assert.True((bool)error["recoveryAttempted"]!);
            Assert.Equal(id, (string?)error["taskId"]);
            Assert.Equal((DateTimeOffset)attempt["endedAt"]!, (DateTimeOffset)error["timestamp"]!);
            Assert.NotEmpty(error["suggestedActions"]!.AsArray());
            levels.Add((int)error["recoveryLevel"]!);
        }
        Assert.Equal(levels.Order(), levels);
        Assert.Equal(reached, levels[^1]);

        var last = dead["lastError"]!.AsObject();
        Assert.All(standard, f => Assert.True(last.ContainsKey(f), $"lastError lacks {f}"));
        Assert.False(string.IsNullOrEmpty((string?)last["code"]));
        Assert.True((bool)last["recoveryAttempted"]!);
        Assert.Equal(reached, (int)last["recoveryLevel"]!);
        Assert.Equal(id, (string?)last["taskId"]);
        Assert.Equal((DateTimeOffset)attempts[^1]["endedAt"]!, (DateTimeOffset)last["timestamp"]!);
        Assert.Contains(last["suggestedActions"]!.AsArray(), a => ((string)a!).Contains("the runner retries"));

        // A problem about this task (cancelling it after it ended) carries the same recovery facts.
        var cancel = await node.Http.PostAsync($"/api/tasks/{id}/cancel", null);
        Assert.Equal(HttpStatusCode.Conflict, cancel.StatusCode);
        var problem = await Problem.ReadAsync(cancel);
        Assert.Equal(id, (string?)problem["taskId"]);
        Assert.True((bool)problem["recoveryAttempted"]!);
        Assert.Equal(reached, (int)problem["recoveryLevel"]!);
    }

    [Fact]
    public async Task A_flaky_tasks_compensation_label_registers_one_per_failed_attempt_that_run_newest_first_when_it_is_dead_lettered()
    {
        var id = (string)(await node.SubmitAsync(new { tool = "flaky", parameters = new { failures = 9, category = "permanent", compensation = "release-hold" } }))["id"]!;

        await node.AwaitStateAsync(id, "DeadLettered");
        var done = await Eventually.Until(() => node.Http.GetFromJsonAsync<JsonObject>($"/api/tasks/{id}"),
            t => t!["compensations"]!.AsArray().All(c => (string?)c!["outcome"] == "succeeded"), TimeSpan.FromSeconds(20), "compensation run");

        var compensation = Assert.Single(done!["compensations"]!.AsArray())!;
        Assert.Equal(("release-hold", "task", 1), ((string?)compensation["name"], (string?)compensation["scope"], (int)compensation["data"]!["attempt"]!));
        Assert.NotNull(compensation["registeredAt"]);
        Assert.NotNull(compensation["ranAt"]);
    }

    [Fact]
    public async Task A_compensation_label_that_is_not_a_label_is_a_400_problem()
    {
        var response = await node.Http.PostAsJsonAsync("/api/tasks", new { tool = "flaky", parameters = new { compensation = "refund everything!" } });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await Problem.ReadAsync(response);
        Assert.Equal("invalid-parameter", (string?)problem["code"]);
        Assert.Contains("parameter 'compensation' of tool 'flaky' must match", (string?)problem["message"]);
    }

    [Fact]
    public async Task A_resource_failure_waits_and_retries()
    {
        var task = await node.SubmitAsync(new { tool = "flaky", parameters = new { failures = 1, category = "resource" } });

        var done = await node.AwaitStateAsync((string)task["id"]!, "Succeeded");

        Assert.Equal("No space left on device", (string?)done["attemptHistory"]![0]!["error"]!["message"]);
        Assert.Equal("resource", (string?)done["attemptHistory"]![0]!["error"]!["category"]);
    }

    [Fact]
    public async Task Tasks_are_listed_newest_first_with_state_and_tool_filters_and_pages()
    {
        var tool = "echo";
        var ids = new List<string>();
        for (var i = 0; i < 3; i++) ids.Add((string)(await node.SubmitAsync(new { tool, parameters = new { text = $"list-{i}" } }))["id"]!);
        foreach (var id in ids) await node.AwaitStateAsync(id, "Succeeded");

        var list = await Eventually.Until(
            async () => (await node.Http.GetFromJsonAsync<JsonObject>("/api/tasks?state=Succeeded&tool=echo&limit=500"))!,
            l => ids.All(id => l["items"]!.AsArray().Any(t => (string?)t!["id"] == id && (string?)t["status"] == "Succeeded")),
            TimeSpan.FromSeconds(15), "the index listing the new tasks");
        var page = (await node.Http.GetFromJsonAsync<JsonObject>("/api/tasks?limit=1&offset=1"))!;

        Assert.All(list["items"]!.AsArray(), t => Assert.Equal("echo", (string?)t!["tool"]));
        var positions = ids.Select(id => list["items"]!.AsArray().Select(t => (string?)t!["id"]).ToList().IndexOf(id)).ToList();
        Assert.True(positions[0] > positions[2], "newest first");
        Assert.Single(page["items"]!.AsArray());
        Assert.Equal(2, (int)page["nextOffset"]!);
    }

    [Fact]
    public async Task An_unknown_task_id_is_404_problem_json()
    {
        foreach (var id in new[] { Guid.NewGuid().ToString("N"), "not-an-id" })
        {
            var response = await node.Http.GetAsync($"/api/tasks/{id}");
            var problem = await Problem.ReadAsync(response);

            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal("task-not-found", (string?)problem["code"]);
            Assert.Equal(id, (string?)problem["taskId"]);
        }
    }

    [Fact]
    public async Task Tools_are_listed_with_their_parameter_schemas()
    {
        var tools = (await node.Http.GetFromJsonAsync<JsonObject>("/api/tools"))!["items"]!.AsArray();

        var names = tools.Select(t => (string)t!["name"]!).ToList();
        Assert.Superset(new HashSet<string> { "echo", "sleep", "flaky", "http", "word-count" }, names.ToHashSet());
        var sleep = tools.First(t => (string?)t!["name"] == "sleep")!;
        var ms = sleep["parameters"]!.AsArray().Single()!;
        Assert.Equal("ms", (string?)ms["name"]);
        Assert.Equal("integer", (string?)ms["type"]);
        Assert.True((bool)ms["required"]!);
    }

    [Fact]
    public async Task A_configured_process_tool_runs_with_its_parameters()
    {
        var file = Path.Combine(node.Directory, "words.txt");
        await File.WriteAllTextAsync(file, "one two three four");

        var task = await node.SubmitAsync(new { tool = "word-count", parameters = new { file } });
        var done = await node.AwaitStateAsync((string)task["id"]!, "Succeeded");

        Assert.StartsWith("4", ((string?)done["result"]!["stdout"])!.Trim());
    }
}
