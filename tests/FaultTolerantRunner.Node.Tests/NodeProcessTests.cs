using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace FaultTolerantRunner.Node.Tests;

/// <summary>The node as users run it: a separate process, killed with SIGKILL, restarted on the same data file.</summary>
public sealed class NodeProcessTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "ftr-process-tests", Guid.NewGuid().ToString("N"));

    public NodeProcessTests() => Directory.CreateDirectory(_directory);

    public void Dispose()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }

    [Theory]
    [InlineData("--Cluster:Port=70000", "Cluster:Port")]
    [InlineData("--Telemetry:OtlpEndpoint=collector:4317", "Telemetry:OtlpEndpoint")]
    [InlineData("--Recovery:Exploration=2", "Recovery:Exploration")]
    [InlineData("--Persistence:Provider=Mongo", "Persistence:Provider")]
    [InlineData("--Cluster:SeedNodes=ftr@127.0.0.1", "Cluster:SeedNodes")]
    [InlineData("--Persistence:ConnectionString=Data Source=/proc/nope/ftr.db", "Persistence:ConnectionString")]
    [InlineData("--Cluster:Profile=nope", "Cluster:Profile")]
    [InlineData("--Tools:Fallback:http=nope", "Tools:Fallback:http")]
    [InlineData("--Breakers:Default:MinimumThroughput=0", "Breakers:Default:MinimumThroughput")]
    [InlineData("--Cluster:SplitBrainResolver:StableAfter=00:00:00", "Cluster:SplitBrainResolver:StableAfter")]
    [InlineData("--Cluster:FailureDetector:Threshold=0", "Cluster:FailureDetector:Threshold")]
    [InlineData("--Cluster:Sharding:RebalanceAbsoluteLimit=0", "Cluster:Sharding:RebalanceAbsoluteLimit")]
    [InlineData("--Tasks:HandOffDrain=-00:00:01", "Tasks:HandOffDrain")]
    [InlineData("--Dashboard:ReadOnly=maybe", "Dashboard:ReadOnly")]
    [InlineData("--Dashboard:Enable=false", "Dashboard:Enable")]
    public async Task A_bad_setting_stops_the_node_with_one_line_naming_the_key(string setting, string key)
    {
        await using var node = NodeProcess.Start("--urls=http://127.0.0.1:" + FreePort.Next(), setting);

        var exitCode = await node.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(2, exitCode);
        var firstLine = node.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries)[0];
        Assert.StartsWith($"ftr-node: configuration error: {key}", firstLine);
        Assert.DoesNotContain("   at ", node.Output);
    }

    [Fact]
    public async Task A_task_running_when_the_node_is_sigkilled_finishes_after_the_node_restarts()
    {
        var (args, http) = OnOneDataFile();
        using var _ = http;

        string id;
        await using (var first = NodeProcess.Start(args))
        {
            await WaitReadyAsync(http, first);
            var response = await http.PostAsJsonAsync("/api/tasks", new { tool = "sleep", parameters = new { ms = 3000 } });
            id = (string)(await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!;
            await Eventually.Until(() => http.GetFromJsonAsync<JsonObject>($"/api/tasks/{id}"),
                t => (string?)t!["state"] == "Running", TimeSpan.FromSeconds(20), "task running");
            await first.KillAsync();
        }

        await using var second = NodeProcess.Start(args);
        await WaitReadyAsync(http, second);
        // Watched through the index listing: asking for the task by id would start its entity, and the point is that
        // the node resumes it by itself.
        await Eventually.Until(() => http.GetFromJsonAsync<JsonObject>("/api/tasks?state=Succeeded&tool=sleep&limit=500"),
            l => l!["items"]!.AsArray().Any(t => (string?)t!["id"] == id), TimeSpan.FromSeconds(60), "task finishing after restart");
        var done = await http.GetFromJsonAsync<JsonObject>($"/api/tasks/{id}");

        var outcomes = done!["attemptHistory"]!.AsArray().Select(a => (string?)a!["outcome"]).ToList();
        Assert.Equal(["interrupted", "succeeded"], outcomes);
    }

    [Fact]
    public async Task A_node_restart_during_a_backoff_keeps_the_retry_schedule_and_budget()
    {
        var (args, http) = OnOneDataFile("--Retry:Transient:BaseDelay=00:00:04", "--Retry:Transient:RandomFactor=0");
        using var _ = http;

        string id;
        DateTimeOffset nextAttemptAt;
        await using (var first = NodeProcess.Start(args))
        {
            await WaitReadyAsync(http, first);
            var response = await http.PostAsJsonAsync("/api/tasks", new { tool = "flaky", parameters = new { failures = 1, category = "transient" }, maxRetries = 1 });
            id = (string)(await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!;
            var scheduled = await Eventually.Until(() => http.GetFromJsonAsync<JsonObject>($"/api/tasks/{id}"),
                t => (string?)t!["state"] == "RetryScheduled", TimeSpan.FromSeconds(20), "retry scheduled");
            nextAttemptAt = DateTimeOffset.Parse((string)scheduled!["nextAttemptAt"]!);
            await first.KillAsync();
        }

        await using var second = NodeProcess.Start(args);
        await WaitReadyAsync(http, second);
        var done = await Eventually.Until(() => http.GetFromJsonAsync<JsonObject>($"/api/tasks/{id}"),
            t => (string?)t!["state"] == "Succeeded", TimeSpan.FromSeconds(60), "task finishing after restart");

        var attempts = done!["attemptHistory"]!.AsArray();
        Assert.Equal(["failed", "succeeded"], attempts.Select(a => (string?)a!["outcome"]));
        Assert.True(DateTimeOffset.Parse((string)attempts[1]!["startedAt"]!) >= nextAttemptAt, "the restart must not shorten the backoff");
    }

    [Fact]
    public async Task A_delayed_task_whose_node_is_sigkilled_before_its_due_time_runs_at_that_time_after_the_restart()
    {
        var (args, http) = OnOneDataFile();
        using var _ = http;

        string id;
        DateTimeOffset due;
        await using (var first = NodeProcess.Start(args))
        {
            await WaitReadyAsync(http, first);
            var response = await http.PostAsJsonAsync("/api/tasks", new { tool = "echo", parameters = new { text = "later" }, delaySeconds = 5 });
            var accepted = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
            Assert.Equal("Scheduled", (string?)accepted["state"]);
            (id, due) = ((string)accepted["id"]!, DateTimeOffset.Parse((string)accepted["nextAttemptAt"]!));
            await first.KillAsync();
        }
        Assert.True(DateTimeOffset.UtcNow < due, "the node must die before the task is due");

        await using var second = NodeProcess.Start(args);
        await WaitReadyAsync(http, second);
        var ready = DateTimeOffset.UtcNow;
        var done = await Eventually.Until(() => http.GetFromJsonAsync<JsonObject>($"/api/tasks/{id}"),
            t => (string?)t!["state"] == "Succeeded", TimeSpan.FromSeconds(30), "the delayed task running after the restart");

        var started = DateTimeOffset.Parse((string)done!["attemptHistory"]!.AsArray().Single()!["startedAt"]!);
        Assert.True(started >= due, $"started {started:O} before its due time {due:O}");
        // Due while the node was still starting: the resume sweep wakes it once the index has caught up, within seconds.
        var expected = due > ready ? due : ready;
        Assert.True(started - expected < TimeSpan.FromSeconds(3), $"started {started:O}; due {due:O}, node ready {ready:O}");
    }

    [Fact]
    public async Task A_fingerprints_recovery_level_survives_a_sigkill_of_the_node()
    {
        var (args, http) = OnOneDataFile("--Retry:Transient:BaseDelay=00:00:00.050", "--Retry:Transient:MaxDelay=00:00:00.200");
        using var _ = http;

        string fingerprint;
        JsonObject before;
        await using (var first = NodeProcess.Start(args))
        {
            await WaitReadyAsync(http, first);
            // Three retries: the failures are planned at levels 1, 2 and 3; the fourth exhausts the budget.
            var response = await http.PostAsJsonAsync("/api/tasks", new { tool = "flaky", parameters = new { failures = 10, category = "transient" }, maxRetries = 3 });
            var id = (string)(await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!;
            var done = await Eventually.Until(() => http.GetFromJsonAsync<JsonObject>($"/api/tasks/{id}"),
                t => (string?)t!["state"] == "DeadLettered", TimeSpan.FromSeconds(30), "task dead-lettered");
            fingerprint = (string)done!["lastError"]!["fingerprint"]!;
            before = (await http.GetFromJsonAsync<JsonObject>($"/api/recovery/levels/{Uri.EscapeDataString(fingerprint)}"))!;
            Assert.Equal(3, (int)before["level"]!);
            await first.KillAsync();
        }

        await using var second = NodeProcess.Start(args);
        await WaitReadyAsync(http, second);
        var after = (await http.GetFromJsonAsync<JsonObject>($"/api/recovery/levels/{Uri.EscapeDataString(fingerprint)}"))!;

        Assert.Equal(3, (int)after["level"]!);
        Assert.Equal(before["history"]!.ToJsonString(), after["history"]!.ToJsonString());
        Assert.Equal(before["strategies"]!.ToJsonString(), after["strategies"]!.ToJsonString());
        // The error reports are durable too: the restarted node's registry rebuilds them from the journal.
        var group = await Eventually.Until(() => http.GetFromJsonAsync<JsonObject>($"/api/errors/{Uri.EscapeDataString(fingerprint)}"),
            g => g is not null, TimeSpan.FromSeconds(30), "the error group after restart");
        Assert.Equal(4, (long)group!["group"]!["count"]!);
        Assert.Equal(4, group["reports"]!.AsArray().Count);
    }

    /// <summary>A node's command line on loopback ports and this test's one SQLite file (so a restart finds its journal), and a client for it.</summary>
    private (string[] Args, HttpClient Http) OnOneDataFile(params string[] extra)
    {
        var httpPort = FreePort.Next();
        string[] args =
        [
            $"--urls=http://127.0.0.1:{httpPort}",
            $"--Cluster:Port={FreePort.Next()}",
            $"--Persistence:ConnectionString=Data Source={Path.Combine(_directory, "ftr.db")}",
            .. extra,
        ];
        return (args, new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}") });
    }

    private static Task WaitReadyAsync(HttpClient http, NodeProcess node) =>
        Eventually.Until(async () =>
            {
                if (node.Output.Contains("ftr-node:", StringComparison.Ordinal)) throw new InvalidOperationException(node.Output);
                return await http.GetAsync("/health/ready");
            },
            r => r.IsSuccessStatusCode, TimeSpan.FromSeconds(60), "node ready");
}
