using System.Net.Http.Json;
using System.Text.Json.Nodes;
using FaultTolerantRunner.Node;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace FaultTolerantRunner.TestSupport;

/// <summary>
/// A real node in this process: Kestrel on a loopback port, a one-node cluster, a fresh SQLite file, a word-count process
/// tool and retry delays in milliseconds. A derived fixture adds settings (<see cref="ExtraArgs"/>) or services.
/// </summary>
public class NodeFixture : IAsyncLifetime
{
    /// <summary>How long a start, a request or a default wait may take on a small shared machine.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private readonly TempDatabase _database = new();
    private WebApplication? _app;

    /// <summary>The node's scratch directory; its journal is <c>ftr.db</c> in it.</summary>
    public string Directory => _database.Directory;

    public HttpClient Http { get; private set; } = null!;

    /// <summary>host:port of the node, as given to <c>ftr</c>.</summary>
    public string Address { get; private set; } = "";

    /// <summary>The node's services (its actor system, for tests that reach under the HTTP surface).</summary>
    public IServiceProvider Services => _app?.Services ?? throw new InvalidOperationException("the node is not started");

    /// <summary>Settings a derived fixture adds to the node's command line (later ones win).</summary>
    protected virtual IEnumerable<string> ExtraArgs => [];

    /// <summary>The longest retry delay; every category's first delay is 50 ms, so retry tests run fast but keep their shape.</summary>
    protected virtual TimeSpan RetryMaxDelay => TimeSpan.FromMilliseconds(400);

    /// <summary>Services a derived fixture adds to the node (an embedder's palette, say).</summary>
    protected virtual void ConfigureServices(IServiceCollection services)
    {
    }

    /// <summary>Retry delays from 50 ms up to <paramref name="maxDelay"/> for every retried category; growth and budgets stay the defaults.</summary>
    public static IEnumerable<string> FastRetry(TimeSpan maxDelay) =>
        new[] { "Transient", "Resource", "Timeout", "External", "Unknown" }.SelectMany(c => new[]
        {
            $"--Retry:{c}:BaseDelay=00:00:00.050",
            $"--Retry:{c}:MaxDelay={maxDelay:c}",
        });

    public virtual async Task InitializeAsync()
    {
        _app = NodeHost.Build(
        [
            "--urls=http://127.0.0.1:0",
            "--Cluster:Port=0",
            $"--Persistence:ConnectionString=Data Source={_database.Path}",
            "--Tools:Process:word-count:Command=/usr/bin/wc",
            "--Tools:Process:word-count:Arguments:0=-w",
            "--Tools:Process:word-count:Arguments:1={file}",
            "--Tools:Process:word-count:Parameters:file:Type=FilePath",
            "--Tools:Process:word-count:Parameters:file:Required=true",
            "--Logging:LogLevel:Default=Warning",
            .. FastRetry(RetryMaxDelay),
            .. ExtraArgs,
        ], builder => ConfigureServices(builder.Services));
        await _app.StartAsync();
        var url = new Uri(_app.Urls.First());
        Address = $"127.0.0.1:{url.Port}";
        Http = new HttpClient { BaseAddress = url, Timeout = Patience };
        await Eventually.Until(() => Http.GetAsync("/health/ready"), r => r.IsSuccessStatusCode, Patience, "node ready");
    }

    public async Task<JsonObject> SubmitAsync(object body)
    {
        var response = await Http.PostAsJsonAsync("/api/tasks", body);
        var json = await response.Content.ReadFromJsonAsync<JsonObject>();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"submit failed: {(int)response.StatusCode} {json}");
        return json!;
    }

    /// <summary>Polls the task until its state is <paramref name="state"/> (20 s unless told).</summary>
    public Task<JsonObject> AwaitStateAsync(string id, string state, TimeSpan? within = null) =>
        AwaitTaskAsync(id, task => (string?)task["state"] == state, $"task {id} reaching {state}", within ?? TimeSpan.FromSeconds(20));

    /// <summary>Polls the task until <paramref name="holds"/> is true of it (60 s unless told).</summary>
    public Task<JsonObject> AwaitTaskAsync(string id, Func<JsonObject, bool> holds, string what, TimeSpan? within = null) =>
        Eventually.Until(async () => (await Http.GetFromJsonAsync<JsonObject>($"/api/tasks/{id}"))!, holds, within ?? Patience, what);

    public virtual async Task DisposeAsync()
    {
        Http?.Dispose();
        if (_app is not null)
        {
            using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await _app.StopAsync(stopping.Token);
            await _app.DisposeAsync();
        }
        _database.Dispose();
    }
}
