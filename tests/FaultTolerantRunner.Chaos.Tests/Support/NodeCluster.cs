using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace FaultTolerantRunner.Chaos.Tests.Support;

/// <summary>
/// Up to N FTR nodes as child processes on 127.0.0.1, all on one PostgreSQL database with the <c>multi</c> profile,
/// every node listing every node as a seed (so a restarted first seed rejoins the others instead of forming its own cluster).
/// </summary>
public sealed class NodeCluster : IAsyncDisposable
{
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);
    private readonly Slot[] _slots;
    private readonly string[] _extraArgs;
    private readonly string _connectionString;

    public NodeCluster(PostgresDatabase database, int size, params string[] extraArgs)
    {
        _connectionString = database.ConnectionString;
        _extraArgs = extraArgs;
        _slots = Enumerable.Range(0, size).Select(_ => new Slot(FreePort.Next(), FreePort.Next())).ToArray();
        // A test that times out keeps running in the background; its nodes must not outlive the test host.
        AppDomain.CurrentDomain.ProcessExit += KillOnExit;
    }

    private void KillOnExit(object? sender, EventArgs e)
    {
        foreach (var slot in _slots)
        {
            try
            {
                if (slot.Process is { HasExited: false } process) process.KillAsync().Wait(TimeSpan.FromSeconds(5));
            }
            catch (Exception)
            {
                // Exiting anyway: best effort.
            }
        }
    }

    public int Size => _slots.Length;

    public string AddressOf(int node) => $"akka.tcp://ftr@127.0.0.1:{_slots[node].RemotePort}";

    public HttpClient Http(int node) => _slots[node].Http;

    public bool IsRunning(int node) => _slots[node].Process is { HasExited: false };

    public IEnumerable<int> Running => Enumerable.Range(0, Size).Where(IsRunning);

    public string OutputOf(int node) => _slots[node].Process?.Output ?? "";

    /// <summary>Any running node's client: every node answers for every task (requests are routed by sharding).</summary>
    public HttpClient AnyHttp(int preferred = 0) => IsRunning(preferred) ? Http(preferred) : Http(Running.First());

    public Task StartAsync(int node) => StartManyAsync(node);

    /// <summary>Starts the nodes together and waits until each is ready (member Up, journal reachable).</summary>
    public async Task StartManyAsync(params int[] nodes)
    {
        foreach (var node in nodes)
        {
            var slot = _slots[node];
            if (slot.Process is not null) await slot.Process.DisposeAsync();
            slot.Process = NodeProcess.Start(
            [
                $"--urls=http://127.0.0.1:{slot.HttpPort}",
                "--Cluster:Profile=multi",
                $"--Cluster:Port={slot.RemotePort}",
                $"--Cluster:SeedNodes={string.Join(',', Enumerable.Range(0, Size).Select(AddressOf))}",
                $"--Persistence:ConnectionString={_connectionString}",
                "--Logging:LogLevel:Default=Warning",
                "--Logging:LogLevel:FaultTolerantRunner=Warning",
                .. _extraArgs,
            ]);
        }
        foreach (var node in nodes)
        {
            var slot = _slots[node];
            try
            {
                await Eventually.Until(async () =>
                    {
                        if (slot.Process!.HasExited) return true;
                        using var response = await slot.Http.GetAsync("/health/ready");
                        return response.IsSuccessStatusCode;
                    }, ready => ready, StartTimeout, $"node {node} ready");
            }
            catch (Exception e) when (e is Xunit.Sdk.XunitException or TaskCanceledException)
            {
                throw new Xunit.Sdk.XunitException($"node {node} did not become ready: {e.Message}\n--- node output ---\n{Tail(slot.Process!.Output)}");
            }
            if (slot.Process!.HasExited) throw new Xunit.Sdk.XunitException($"node {node} exited while starting:\n{Tail(slot.Process.Output)}");
        }
    }

    /// <summary>SIGKILL: no leave, no hand-off; the survivors must notice, down it and take its shards.</summary>
    public async Task KillAsync(int node)
    {
        if (_slots[node].Process is { } process) await process.KillAsync();
    }

    /// <summary>SIGTERM: CoordinatedShutdown leaves the cluster and hands the node's shards off; returns the exit code.</summary>
    public async Task<int> TerminateAsync(int node, TimeSpan within)
    {
        var process = _slots[node].Process!;
        process.Terminate();
        return await process.WaitForExitAsync(within);
    }

    public async Task<int> WaitForExitAsync(int node, TimeSpan within) => await _slots[node].Process!.WaitForExitAsync(within);

    /// <summary>Waits until every running node sees exactly the running nodes, all Up, none unreachable.</summary>
    public async Task ConvergedAsync(TimeSpan within)
    {
        var expected = Running.Select(AddressOf).Order(StringComparer.Ordinal).ToArray();
        foreach (var node in Running)
        {
            await Eventually.Until(async () => (await Http(node).GetFromJsonAsync<JsonObject>("/api/cluster"))!, view =>
                {
                    var members = view["items"]!.AsArray();
                    var up = members.Where(m => (string?)m!["status"] == "Up" && !(bool)m["unreachable"]!).Select(m => (string)m!["address"]!)
                        .Order(StringComparer.Ordinal).ToArray();
                    return members.Count == expected.Length && up.SequenceEqual(expected);
                },
                within, $"node {node} seeing [{string.Join(", ", expected)}] all Up");
        }
    }

    public async ValueTask DisposeAsync()
    {
        AppDomain.CurrentDomain.ProcessExit -= KillOnExit;
        foreach (var slot in _slots)
        {
            if (slot.Process is not null) await slot.Process.DisposeAsync();
            slot.Http.Dispose();
        }
    }

    private static string Tail(string text) => text.Length <= 6000 ? text : text[^6000..];

    private sealed class Slot(int httpPort, int remotePort)
    {
        public int HttpPort { get; } = httpPort;

        public int RemotePort { get; } = remotePort;

        public NodeProcess? Process { get; set; }

        public HttpClient Http { get; } = new() { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}"), Timeout = TimeSpan.FromSeconds(15) };
    }
}
