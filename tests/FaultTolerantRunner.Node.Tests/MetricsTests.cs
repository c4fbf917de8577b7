using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace FaultTolerantRunner.Node.Tests;

/// <summary>
/// The Prometheus scrape of a node that has done real work passes <c>promtool check metrics</c> (Debian package
/// <c>prometheus</c>, which <c>.ci/run</c> installs; without it these tests are skipped outside CI), names follow the
/// conventions with bounded labels, and the alert rules and Grafana dashboard in docker/ use only metrics the node exports.
/// </summary>
public sealed partial class MetricsTests(NodeFixture node) : IClassFixture<NodeFixture>
{
    /// <summary>A success, a recovery and a dead-letter, then a scrape that shows them.</summary>
    private async Task<(string Scrape, string TaskId)> WorkThenScrapeAsync()
    {
        var ok = await node.SubmitAsync(new { tool = "echo", parameters = new { text = "metrics" } });
        var flaky = await node.SubmitAsync(new { tool = "flaky", parameters = new { failures = 1, category = "transient" } });
        var bad = await node.SubmitAsync(new { tool = "flaky", parameters = new { failures = 1, category = "validation" } });
        await node.AwaitStateAsync((string)ok["id"]!, "Succeeded");
        await node.AwaitStateAsync((string)flaky["id"]!, "Succeeded");
        await node.AwaitStateAsync((string)bad["id"]!, "DeadLettered");
        var scrape = await Eventually.Until(() => node.Http.GetStringAsync("/metrics"),
            s => s.Contains("ftr_recovery_outcomes_total") && s.Contains("ftr_dlq_size"), TimeSpan.FromSeconds(20), "the scrape carrying recovery and queue metrics");
        return (scrape, (string)ok["id"]!);
    }

    [ToolFact("promtool")]
    public async Task The_scrape_passes_promtool_and_carries_every_family_with_bounded_labels()
    {
        var (scrape, taskId) = await WorkThenScrapeAsync();

        var (exit, output) = await PromtoolAsync(scrape, "check", "metrics");
        Assert.True(exit == 0, $"promtool check metrics failed:\n{output}");
        foreach (var family in new[]
                 {
                     "ftr_tasks_submitted_total", "ftr_tasks_completed_total", "ftr_attempts_total", "ftr_attempt_duration_seconds_bucket",
                     "ftr_retries_total", "ftr_errors_total", "ftr_task_duration_seconds_bucket", "ftr_recovery_actions_total",
                     "ftr_recovery_level_changes_total", "ftr_recovery_duration_seconds_bucket", "ftr_recovery_outcomes_total",
                     "ftr_notifications_total", "ftr_dlq_size", "ftr_tasks_backlog", "ftr_notifications_pending",
                     "ftr_attempts_running", "ftr_attempts_waiting", "ftr_attempts_limit",
                 })
            Assert.Contains(family, scrape);
        // Never a task id, fingerprint or message as a label: label values stay few.
        Assert.DoesNotMatch(TaskIdLabel(), scrape);
        Assert.DoesNotContain(taskId, scrape);
    }

    [ToolFact("promtool")]
    public async Task The_alert_rules_are_valid_and_the_rules_and_dashboard_use_only_exported_metrics()
    {
        var docker = Repository.PathTo("docker");
        var (exit, output) = await PromtoolAsync(null, "check", "rules", Path.Combine(docker, "alerts.yml"));
        Assert.True(exit == 0, $"promtool check rules failed:\n{output}");

        var dashboard = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(docker, "grafana", "ftr-dashboard.json")))!;
        var expressions = dashboard["panels"]!.AsArray().SelectMany(p => p!["targets"]!.AsArray().Select(t => (string)t!["expr"]!)).ToList();
        Assert.NotEmpty(expressions);
        var referenced = expressions.Append(await File.ReadAllTextAsync(Path.Combine(docker, "alerts.yml")))
            .SelectMany(e => MetricName().Matches(e).Select(m => m.Value)).ToHashSet();

        var (scrape, _) = await WorkThenScrapeAsync();
        var known = SampleName().Matches(scrape).Select(m => m.Groups[1].Value).ToHashSet();
        // Families that only appear once their event happened (a breaker, a shed, a self-healing action) are declared in code.
        var eventual = new[] { "ftr_breaker_state", "ftr_tasks_shed_total", "ftr_selfhealing_actions_total", "ftr_notification_deliveries_total" };
        Assert.All(referenced, name => Assert.True(known.Contains(name) || eventual.Contains(name), $"{name} is not exported by the node"));
    }

    private static async Task<(int Exit, string Output)> PromtoolAsync(string? stdin, params string[] args)
    {
        var start = new ProcessStartInfo(ExternalTool.Promtool.Require())
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        if (stdin is not null) await process.StandardInput.WriteAsync(stdin);
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        return (process.ExitCode, await stdout + await stderr);
    }

    [GeneratedRegex(@"task_?id=")]
    private static partial Regex TaskIdLabel();

    [GeneratedRegex(@"\bftr_[a-z_]+\b")]
    private static partial Regex MetricName();

    [GeneratedRegex(@"^(ftr_[a-z_]+)[{ ]", RegexOptions.Multiline)]
    private static partial Regex SampleName();
}
