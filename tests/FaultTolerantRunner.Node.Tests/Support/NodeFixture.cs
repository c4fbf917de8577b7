using System.Net.Http.Json;
using System.Text.Json.Nodes;
using FaultTolerantRunner.Node;
using Microsoft.AspNetCore.Builder;

namespace FaultTolerantRunner.Node.Tests.Support;

/// <summary>A real node in this process: Kestrel on a loopback port, a one-node cluster, a fresh SQLite file.</summary>
public class NodeFixture : IAsyncLifetime
{
    private WebApplication? _app;

    public string Directory { get; } = Path.Combine(Path.GetTempPath(), "ftr-node-tests", Guid.NewGuid().ToString("N"));

    public HttpClient Http { get; private set; } = null!;

    /// <summary>The node's services (its actor system, for tests that reach under the HTTP surface).</summary>
    public IServiceProvider Services => _app?.Services ?? throw new InvalidOperationException("the node is not started");

    /// <summary>Settings a derived fixture adds to the node's command line.</summary>
    protected virtual IEnumerable<string> ExtraArgs => [];

    public static IEnumerable<string> FastRetry =>
        new[] { "Transient", "Resource", "Timeout", "External", "Unknown" }.SelectMany(c => new[]
        {
            $"--Retry:{c}:BaseDelay=00:00:00.050",
            $"--Retry:{c}:MaxDelay=00:00:00.400",
        });

    public virtual async Task InitializeAsync()
    {
        System.IO.Directory.CreateDirectory(Directory);
        _app = NodeHost.Build(
        [
            "--urls=http://127.0.0.1:0",
            "--Cluster:Port=0",
            $"--Persistence:ConnectionString=Data Source={Path.Combine(Directory, "ftr.db")}",
            "--Tools:Process:word-count:Command=/usr/bin/wc",
            "--Tools:Process:word-count:Arguments:0=-w",
            "--Tools:Process:word-count:Arguments:1={file}",
            "--Tools:Process:word-count:Parameters:file:Type=FilePath",
            "--Tools:Process:word-count:Parameters:file:Required=true",
            "--Logging:LogLevel:Default=Warning",
            // Retry delays in milliseconds so that retry tests run fast; shapes (growth, budgets) stay the defaults.
            .. FastRetry,
            .. ExtraArgs,
        ]);
        await _app.StartAsync();
        Http = new HttpClient { BaseAddress = new Uri(_app.Urls.First()), Timeout = TimeSpan.FromSeconds(30) };
        await Eventually.Until(() => Http.GetAsync("/health/ready"), r => r.IsSuccessStatusCode, TimeSpan.FromSeconds(30), "node ready");
    }

    public async Task<JsonObject> SubmitAsync(object body)
    {
        var response = await Http.PostAsJsonAsync("/api/tasks", body);
        var json = await response.Content.ReadFromJsonAsync<JsonObject>();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"submit failed: {(int)response.StatusCode} {json}");
        return json!;
    }

    public Task<JsonObject> AwaitStateAsync(string id, string state, TimeSpan? within = null) =>
        Eventually.Until(async () => (await Http.GetFromJsonAsync<JsonObject>($"/api/tasks/{id}"))!,
            task => (string?)task["state"] == state, within ?? TimeSpan.FromSeconds(20), $"task {id} reaching {state}");

    public virtual async Task DisposeAsync()
    {
        Http.Dispose();
        if (_app is not null)
        {
            using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await _app.StopAsync(stopping.Token);
            await _app.DisposeAsync();
        }
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }
}
