using System.Diagnostics;

namespace FaultTolerantRunner.Chaos.Tests;

/// <summary>No Docker engine runs here, so docker/ is checked statically: compose validity and the image's promises.</summary>
public sealed class DockerFilesTests
{
    private static string Root => Repository.Root;

    [ToolFact("docker-compose")]
    public async Task Compose_file_is_valid_per_docker_compose_config()
    {
        var compose = Path.Combine(Root, "docker", "docker-compose.yml");
        var start = new ProcessStartInfo(ExternalTool.DockerCompose.Require())
        {
            RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false,
        };
        foreach (var arg in new[] { "-f", compose, "config", "-q" }) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var errors = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"docker-compose config failed: {await errors}");
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
}
