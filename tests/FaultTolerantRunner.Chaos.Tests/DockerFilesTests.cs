using System.Diagnostics;

namespace FaultTolerantRunner.Chaos.Tests;

/// <summary>No Docker engine runs here, so docker/ is checked statically: compose validity and the image's promises.</summary>
public sealed class DockerFilesTests
{
    private static string Root => Repository.Root;

    [ToolFact("docker-compose")]
    public async Task Compose_file_is_valid_per_docker_compose_config_once_a_key_is_set()
    {
        var (exit, errors) = await ComposeConfigAsync(apiKey: "compose-test-key-0123456789");
        Assert.True(exit == 0, $"docker-compose config failed: {errors}");
    }

    [ToolFact("docker-compose")]
    public async Task Compose_without_a_key_fails_saying_to_set_FTR_API_KEY_in_docker_env()
    {
        var (exit, errors) = await ComposeConfigAsync(apiKey: null);
        Assert.NotEqual(0, exit);
        Assert.Contains("set FTR_API_KEY in docker/.env", errors);
    }

    [Fact]
    public void Every_node_takes_its_key_from_the_required_variable_and_none_is_committed()
    {
        var compose = File.ReadAllText(Path.Combine(Root, "docker", "docker-compose.yml"));
        var keyLines = compose.Split('\n').Where(l => l.Contains("ApiKeys", StringComparison.Ordinal)).Select(l => l.Trim()).ToList();
        Assert.Equal(["Security__ApiKeys: ${FTR_API_KEY:?set FTR_API_KEY in docker/.env (cp docker/.env.example docker/.env; openssl rand -hex 24)}"], keyLines);
        Assert.Contains("<<: *node-env", compose);
        Assert.DoesNotContain("AllowAnonymous", compose);

        var example = File.ReadAllLines(Path.Combine(Root, "docker", ".env.example")).Where(l => !l.TrimStart().StartsWith('#') && l.Trim().Length > 0);
        Assert.Equal(["FTR_API_KEY="], example); // empty: not a usable key, and `:?` refuses it
        Assert.Contains("docker/.env", File.ReadAllLines(Path.Combine(Root, ".gitignore")));
    }

    [Fact]
    public void Compose_runs_three_nodes_postgres_and_prometheus_scraping_every_node()
    {
        var compose = File.ReadAllText(Path.Combine(Root, "docker", "docker-compose.yml"));
        var prometheus = File.ReadAllText(Path.Combine(Root, "docker", "prometheus.yml"));
        foreach (var service in new[] { "node1:", "node2:", "node3:", "postgres:", "prometheus:" }) Assert.Contains($"\n  {service}", compose);
        Assert.Contains("Cluster__Profile: multi", compose);
        Assert.Contains("./prometheus.yml:/etc/prometheus/prometheus.yml", compose);
        Assert.Contains("metrics_path: /metrics", prometheus);
        Assert.Contains("\"node1:5080\", \"node2:5080\", \"node3:5080\"", prometheus);
    }

    [Fact]
    public void Dockerfile_is_multi_stage_non_root_with_a_health_check()
    {
        var lines = File.ReadAllLines(Path.Combine(Root, "docker", "Dockerfile")).Select(l => l.Trim()).ToArray();
        Assert.True(lines.Count(l => l.StartsWith("FROM ", StringComparison.Ordinal)) >= 2, "a build stage and a runtime stage");
        Assert.Contains(lines, l => l.StartsWith("COPY --from=build", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("USER ", StringComparison.Ordinal) && !l.Contains("root", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("HEALTHCHECK", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("/health/ready", StringComparison.Ordinal));
    }

    /// <summary>
    /// <c>docker-compose config -q</c> with only <paramref name="apiKey"/> as FTR_API_KEY: an empty env file stands in for
    /// docker/.env, so a developer's own key there cannot make the test pass or fail.
    /// </summary>
    private static async Task<(int Exit, string Errors)> ComposeConfigAsync(string? apiKey)
    {
        var compose = Path.Combine(Root, "docker", "docker-compose.yml");
        var envFile = Path.GetTempFileName();
        try
        {
            var start = new ProcessStartInfo(ExternalTool.DockerCompose.Require())
            {
                RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false,
            };
            foreach (var arg in new[] { "--env-file", envFile, "-f", compose, "config", "-q" }) start.ArgumentList.Add(arg);
            start.Environment.Remove("FTR_API_KEY");
            if (apiKey is not null) start.Environment["FTR_API_KEY"] = apiKey;
            using var process = Process.Start(start)!;
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            var errors = process.StandardError.ReadToEndAsync(timeout.Token);
            await process.StandardOutput.ReadToEndAsync(timeout.Token);
            await process.WaitForExitAsync(timeout.Token);
            return (process.ExitCode, await errors);
        }
        finally
        {
            File.Delete(envFile);
        }
    }
}
