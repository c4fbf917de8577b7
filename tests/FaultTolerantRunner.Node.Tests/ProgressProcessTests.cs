using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace FaultTolerantRunner.Node.Tests;

/// <summary>Checkpoints across a SIGKILL: a batch killed midway resumes after the restart at its last journaled item.</summary>
public sealed class ProgressProcessTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "ftr-progress-tests", Guid.NewGuid().ToString("N"));

    public ProgressProcessTests() => Directory.CreateDirectory(_directory);

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
    public async Task A_batch_sigkilled_midway_shows_its_progress_and_resumes_at_its_checkpoint_after_the_restart()
    {
        var httpPort = FreePort.Next();
        string[] args =
        [
            $"--urls=http://127.0.0.1:{httpPort}", $"--Cluster:Port={FreePort.Next()}",
            $"--Persistence:ConnectionString=Data Source={Path.Combine(_directory, "ftr.db")}", "--Tasks:ProgressInterval=00:00:00.200",
        ];
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}") };
        var items = Enumerable.Range(1, 40).ToArray();

        string id;
        JsonObject running;
        await using (var first = NodeProcess.Start(args))
        {
            await WaitReadyAsync(http, first);
            var response = await http.PostAsJsonAsync("/api/tasks", new { tool = "batch", parameters = new { items, delayMs = 150 } });
            id = (string)(await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!;
            running = (await Eventually.Until(() => http.GetFromJsonAsync<JsonObject>($"/api/tasks/{id}"),
                t => t!["checkpoint"] is JsonValue c && (int)JsonNode.Parse((string)c!)!["next"]! >= 10, TimeSpan.FromSeconds(30), "a checkpoint at item 10 or later"))!;
            await first.KillAsync();
        }

        await using var second = NodeProcess.Start(args);
        await WaitReadyAsync(http, second);
        var done = await Eventually.Until(() => http.GetFromJsonAsync<JsonObject>($"/api/tasks/{id}"),
            t => (string?)t!["state"] == "Succeeded", TimeSpan.FromSeconds(60), "the batch finishing after the restart");

        Assert.Equal("Running", (string?)running["state"]);
        var progress = running["progress"]!.AsObject();
        Assert.InRange((double)progress["percent"]!, 25, 100);
        Assert.Contains("of 40 items", (string?)progress["message"]);
        Assert.Equal(1, (int)progress["attempt"]!);
        var result = JsonNode.Parse(done!["result"]!.ToJsonString())!;
        Assert.True((int)result["resumedFrom"]! >= 10, $"resumed from {result["resumedFrom"]}");
        Assert.Equal(items.Sum(), (double)result["sum"]!);
        Assert.Equal(40, (int)result["processed"]!);
        Assert.Equal(["interrupted", "succeeded"], done["attemptHistory"]!.AsArray().Select(a => (string?)a!["outcome"]));
    }

    private static Task WaitReadyAsync(HttpClient http, NodeProcess node) =>
        Eventually.Until(async () =>
            {
                if (node.Output.Contains("ftr-node:", StringComparison.Ordinal)) throw new InvalidOperationException(node.Output);
                return await http.GetAsync("/health/ready");
            },
            r => r.IsSuccessStatusCode, TimeSpan.FromSeconds(60), "node ready");
}
