using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace FaultTolerantRunner.Node.Tests;

/// <summary>Compensations are journaled, so a SIGKILL of the node between an attempt's registration and the task's end loses none and runs none twice.</summary>
public sealed class CompensationProcessTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "ftr-compensation-tests", Guid.NewGuid().ToString("N"));

    public CompensationProcessTests() => Directory.CreateDirectory(_directory);

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

    [Fact]
    public async Task A_compensation_registered_before_a_sigkill_runs_exactly_once_when_the_restarted_node_dead_letters_the_task()
    {
        var httpPort = FreePort.Next();
        string[] args =
        [
            $"--urls=http://127.0.0.1:{httpPort}",
            $"--Cluster:Port={FreePort.Next()}",
            $"--Persistence:ConnectionString=Data Source={Path.Combine(_directory, "ftr.db")}",
            // The backoff between the attempts is the window for the SIGKILL.
            "--Retry:Transient:BaseDelay=00:00:05",
            "--Retry:Transient:RandomFactor=0",
            "--Tasks:ResumeSweepInterval=00:00:01",
        ];
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}") };

        string id;
        await using (var first = NodeProcess.Start(args))
        {
            await WaitReadyAsync(http, first);
            var response = await http.PostAsJsonAsync("/api/tasks",
                new { tool = "flaky", parameters = new { failures = 9, category = "transient", compensation = "refund" }, maxRetries = 1 });
            id = (string)(await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!;
            var scheduled = await Eventually.Until(() => http.GetFromJsonAsync<JsonObject>($"/api/tasks/{id}"),
                t => (string?)t!["state"] == "RetryScheduled", TimeSpan.FromSeconds(20), "retry scheduled");
            var registered = Assert.Single(scheduled!["compensations"]!.AsArray())!;
            Assert.Equal(("refund", 1, "registered"), ((string?)registered["name"], (int)registered["attempt"]!, (string?)registered["outcome"]));
            await first.KillAsync();
        }

        await using var second = NodeProcess.Start(args);
        await WaitReadyAsync(http, second);
        // Watched through the index listing first, so that the node resumes the task by itself.
        await Eventually.Until(() => http.GetFromJsonAsync<JsonObject>("/api/tasks?state=DeadLettered&tool=flaky&limit=500"),
            l => l!["items"]!.AsArray().Any(t => (string?)t!["id"] == id), TimeSpan.FromSeconds(60), "task dead-lettered after the restart");
        var done = await Eventually.Until(() => http.GetFromJsonAsync<JsonObject>($"/api/tasks/{id}"),
            t => t!["compensations"]!.AsArray().All(c => (string?)c!["outcome"] == "succeeded"), TimeSpan.FromSeconds(30), "compensations run");

        var compensations = done!["compensations"]!.AsArray().Select(c => c!.AsObject()).ToArray();
        Assert.Equal([1, 2], compensations.Select(c => (int)c["attempt"]!));
        Assert.Equal([1, 2], compensations.Select(c => (int)c["data"]!["attempt"]!));
        Assert.All(compensations, c => Assert.Equal(1, (int)c["tries"]!));
        // Newest first: attempt 2's ran before attempt 1's.
        Assert.True((DateTimeOffset)compensations[1]["ranAt"]! <= (DateTimeOffset)compensations[0]["ranAt"]!);
        // Exactly once: one journaled run per compensation, none before the crash.
        var runs = done["history"]!.AsArray().Where(h => (string?)h!["event"] == "compensation").Select(h => (string)h!["detail"]!).ToArray();
        Assert.Equal(["refund succeeded", "refund succeeded"], runs);
    }

    private static Task WaitReadyAsync(HttpClient http, NodeProcess node) =>
        Eventually.Until(async () =>
            {
                if (node.Output.Contains("ftr-node:", StringComparison.Ordinal)) throw new InvalidOperationException(node.Output);
                return await http.GetAsync("/health/ready");
            },
            r => r.IsSuccessStatusCode, TimeSpan.FromSeconds(60), "node ready");
}
