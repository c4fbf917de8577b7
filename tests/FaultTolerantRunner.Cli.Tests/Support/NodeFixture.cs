using FaultTolerantRunner.Node.Tests.Support;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using FaultTolerantRunner.Commands;
using FaultTolerantRunner.Node;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace FaultTolerantRunner.Cli.Tests.Support;

/// <summary>A real node in this process (loopback port, one-node cluster, fresh SQLite file) that tests drive with the real ftr.</summary>
public class NodeFixture : IAsyncLifetime
{
    public static readonly CommandPalette DemoPalette = new("demo", "An embedder's own palette.",
        [CommandDefinition.Get("ping", "Asks the node whether it lives.", "/health/live")]);

    private WebApplication? _app;

    public string Directory { get; } = Path.Combine(Path.GetTempPath(), "ftr-cli-tests", Guid.NewGuid().ToString("N"));

    public HttpClient Http { get; private set; } = null!;

    /// <summary>host:port of the node, as given to ftr.</summary>
    public string Address { get; private set; } = "";

    protected virtual IEnumerable<string> ExtraArgs => [];

    /// <summary>Services a derived fixture adds to the node.</summary>
    protected virtual void Customize(IServiceCollection services)
    {
    }

    public async Task InitializeAsync()
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
            .. new[] { "Transient", "Resource", "Timeout", "External", "Unknown" }.SelectMany(c => new[]
            {
                $"--Retry:{c}:BaseDelay=00:00:00.050",
                $"--Retry:{c}:MaxDelay=00:00:00.200",
            }),
            .. ExtraArgs,
        ], builder =>
        {
            builder.Services.AddSingleton(DemoPalette);
            Customize(builder.Services);
        });
        await _app.StartAsync();
        var url = new Uri(_app.Urls.First());
        Address = $"127.0.0.1:{url.Port}";
        Http = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(60) };
        await Eventually.Until(() => Http.GetAsync("/health/ready"), r => r.IsSuccessStatusCode, TimeSpan.FromSeconds(60), "node ready");
    }

    /// <summary>Runs ftr against this node: <c>ftr host:port args…</c>.</summary>
    public Task<FtrRun> FtrAsync(params string[] args) => FtrRun.StartAsync([Address, .. args]);

    public Task<JsonObject> AwaitTaskAsync(string id, Func<JsonObject, bool> holds, string what) =>
        Eventually.Until(async () => (await Http.GetFromJsonAsync<JsonObject>($"/api/tasks/{id}"))!, holds, TimeSpan.FromSeconds(60), what);

    public async Task DisposeAsync()
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

/// <summary>A node with API keys configured: state-changing calls need one.</summary>
public sealed class KeyedNodeFixture : NodeFixture
{
    public const string Key = "test-key-0123456789abcdef";

    protected override IEnumerable<string> ExtraArgs => [$"--Security:ApiKeys:0={Key}"];
}
