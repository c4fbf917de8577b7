using System.Diagnostics;
using FaultTolerantRunner.Cli.Tests.Support;

namespace FaultTolerantRunner.Cli.Tests;

/// <summary>The API-key rule: keys guard state changes; an exposed node without keys does not start.</summary>
public sealed class SecurityTests(KeyedNodeFixture node) : IClassFixture<KeyedNodeFixture>
{
    [Fact]
    public async Task State_change_without_a_key_is_refused_with_what_to_do()
    {
        var run = await node.FtrAsync("breakers", "trip", "inventory");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("requires an API key", run.ErrorLine);
        Assert.Contains("--api-key", run.ErrorLine);
    }

    [Fact]
    public async Task State_change_with_a_wrong_key_is_refused()
    {
        var run = await node.FtrAsync("chaos", "enable", "echo", "-c", "transient", "-r", "0.1", "--api-key", "wrong-key-wrong-key-wrong");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("not one of this node's Security:ApiKeys", run.ErrorLine);
    }

    [Fact]
    public async Task State_change_with_the_key_option_succeeds()
    {
        var run = await node.FtrAsync("breakers", "trip", "inventory", "--api-key", KeyedNodeFixture.Key, "--json");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("Open", (string?)run.Json["state"]);
    }

    [Fact]
    public async Task State_change_with_the_key_in_the_environment_succeeds()
    {
        var run = await FtrRun.StartAsync([node.Address, "run", "echo", "--param", "text=keyed", "--json"],
            environment: new Dictionary<string, string> { ["FTR_API_KEY"] = KeyedNodeFixture.Key });

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(32, ((string)run.Json["id"]!).Length);
    }

    [Fact]
    public async Task Reads_need_no_key()
    {
        var run = await node.FtrAsync("cluster", "show", "--json");

        Assert.Equal(0, run.ExitCode);
    }

    [Fact]
    public async Task Http_bearer_token_is_accepted_too()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/breakers/ledger/trip");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", KeyedNodeFixture.Key);

        using var response = await node.Http.SendAsync(request);

        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Node_on_a_non_loopback_address_without_keys_refuses_to_start()
    {
        var (exit, output) = await RunNodeAsync("--urls=http://0.0.0.0:0");

        Assert.Equal(2, exit);
        Assert.Contains("ftr-node: configuration error: Security:ApiKeys", output);
        Assert.Contains("Security:AllowAnonymous=true", output);
    }

    [Fact]
    public async Task Node_with_a_short_key_refuses_to_start()
    {
        var (exit, output) = await RunNodeAsync("--urls=http://127.0.0.1:0", "--Security:ApiKeys:0=short");

        Assert.Equal(2, exit);
        Assert.Contains("ftr-node: configuration error: Security:ApiKeys:0 must be at least 16", output);
    }

    [Fact]
    public async Task Node_on_a_non_loopback_address_starts_when_anonymity_is_explicit()
    {
        var port = FreePort.Next();
        var startInfo = NodeStartInfo($"--urls=http://0.0.0.0:{port}", "--Security:AllowAnonymous=true");
        using var process = Process.Start(startInfo)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(10) };
            await Eventually.Until(async () => process.HasExited ? throw new Xunit.Sdk.XunitException("node exited: " + await stderr) : await http.GetAsync("/health/live"),
                r => r.IsSuccessStatusCode, TimeSpan.FromSeconds(90), "exposed anonymous node live");
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            await Task.WhenAll(stdout, stderr);
        }
    }

    private static ProcessStartInfo NodeStartInfo(params string[] args)
    {
        var startInfo = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        startInfo.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "FaultTolerantRunner.Node.dll"));
        foreach (var arg in args) startInfo.ArgumentList.Add(arg);
        startInfo.ArgumentList.Add("--Cluster:Port=0");
        startInfo.ArgumentList.Add($"--Persistence:ConnectionString=Data Source={Path.Combine(Path.GetTempPath(), "ftr-cli-tests-" + Guid.NewGuid().ToString("N") + ".db")}");
        startInfo.Environment["DOTNET_ENVIRONMENT"] = "Production";
        return startInfo;
    }

    /// <summary>Runs the real node executable; these configurations end it before it listens.</summary>
    private static async Task<(int Exit, string Output)> RunNodeAsync(params string[] args)
    {
        var startInfo = NodeStartInfo(args);
        using var process = Process.Start(startInfo)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new Xunit.Sdk.XunitException("the node kept running; it should have refused to start");
        }
        return (process.ExitCode, await stdout + await stderr);
    }
}
