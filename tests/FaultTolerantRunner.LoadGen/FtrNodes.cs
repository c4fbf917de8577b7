using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using FaultTolerantRunner.Node;
using FaultTolerantRunner.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace FaultTolerantRunner.LoadGen;

/// <summary>One to three real FTR nodes in this process (Kestrel on loopback, Akka remoting on loopback), joined to one cluster.</summary>
public sealed class FtrNodes : IAsyncDisposable
{
    private readonly List<WebApplication> _apps = [];

    private FtrNodes()
    {
    }

    public IReadOnlyList<TaskClient> Clients { get; private set; } = [];

    /// <summary>
    /// Retry delays of a millisecond, so the benchmark measures the runner rather than the backoff: the retry policies'
    /// delays and the attempt supervisor's restart backoff (Tasks:MinBackoff, 100 ms by default), whichever is longer.
    /// </summary>
    public static IEnumerable<string> FastRetry =>
        new[] { "Transient", "Resource", "Timeout", "External", "Unknown" }.SelectMany(c => new[]
        {
            $"--Retry:{c}:BaseDelay=00:00:00.001",
            $"--Retry:{c}:MaxDelay=00:00:00.010",
        }).Concat(["--Tasks:MinBackoff=00:00:00.001", "--Tasks:MaxBackoff=00:00:00.010"]);

    public static async Task<FtrNodes> StartAsync(int count, StorageTarget storage, IEnumerable<string> extraArgs)
    {
        var nodes = new FtrNodes();
        var extra = extraArgs.ToArray();
        var seedPort = FreePort();
        for (var i = 0; i < count; i++)
        {
            var port = i == 0 ? seedPort : FreePort();
            var app = NodeHost.Build(
            [
                "--urls=http://127.0.0.1:0",
                "--Cluster:Hostname=127.0.0.1",
                $"--Cluster:Port={port}",
                .. count > 1 ? new[] { $"--Cluster:SeedNodes=akka.tcp://ftr@127.0.0.1:{seedPort}" } : [],
                $"--Persistence:Provider={storage.Provider}",
                $"--Persistence:ConnectionString={storage.ConnectionString}",
                // Errors only: the injected failures would otherwise print a warning with a stack trace each.
                "--Logging:LogLevel:Default=Error",
                .. FastRetry,
                .. extra,
            ]);
            await app.StartAsync();
            nodes._apps.Add(app);
        }
        using var http = new HttpClient();
        foreach (var app in nodes._apps)
            await WaitReadyAsync(http, new Uri(new Uri(app.Urls.First()), "/health/ready"));
        nodes.Clients = nodes._apps.Select(a => a.Services.GetRequiredService<TaskClient>()).ToList();
        return nodes;
    }

    private static async Task WaitReadyAsync(HttpClient http, Uri ready)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < TimeSpan.FromSeconds(60))
        {
            try
            {
                if ((await http.GetAsync(ready)).IsSuccessStatusCode) return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"node not ready within 60 s: {ready}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        // Last joined leaves first, so the seed keeps the cluster until the end.
        for (var i = _apps.Count - 1; i >= 0; i--)
        {
            using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await _apps[i].StopAsync(stopping.Token);
            await _apps[i].DisposeAsync();
        }
    }
}
