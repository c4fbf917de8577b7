using System.Text.Json.Nodes;
using FaultTolerantRunner.Cli.Tests.Support;

namespace FaultTolerantRunner.Cli.Tests;

/// <summary><c>ftr run</c>, <c>ftr tasks</c> and <c>ftr tools</c>: submitting, following, listing and steering tasks.</summary>
[Collection(NodeCollection.Name)]
public sealed class TaskPaletteTests(CliNodeFixture node)
{
    [Fact]
    public async Task Run_wait_follows_a_task_to_success()
    {
        var run = await node.FtrAsync("run", "echo", "--param", "text=hello", "--wait", "--json");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("Succeeded", (string?)run.Json["state"]);
        Assert.Equal("hello", (string?)run.Json["result"]!["text"]);
    }

    [Fact]
    public async Task Run_wait_prints_a_status_line_and_the_task()
    {
        var run = await node.FtrAsync("run", "echo", "-p", "text=table", "--wait");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Succeeded", run.Stdout);
        Assert.Contains("attemptHistory", run.Stdout);
    }

    [Fact]
    public async Task Run_without_wait_prints_the_accepted_task_id()
    {
        var run = await node.FtrAsync("run", "echo", "--param", "text=later", "--json");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(32, ((string)run.Json["id"]!).Length);
    }

    [Fact]
    public async Task Run_at_or_with_a_delay_schedules_the_task_with_its_priority_and_limits()
    {
        var at = DateTimeOffset.UtcNow.AddHours(1).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'");
        var later = await node.FtrAsync("run", "echo", "--at", at, "--priority", "high", "--max-retries", "2", "--deadline", "60", "--json");
        var delayed = await node.FtrAsync("run", "echo", "--delay", "600", "--json");

        Assert.Equal(0, later.ExitCode);
        Assert.Equal(("Scheduled", DateTimeOffset.Parse(at), 2), ((string?)later.Json["state"], DateTimeOffset.Parse((string)later.Json["nextAttemptAt"]!), (int?)later.Json["maxRetries"]));
        Assert.Equal("Scheduled", (string?)delayed.Json["state"]);
    }

    [Fact]
    public async Task Run_after_a_comma_list_awaits_every_predecessor_under_the_condition_given()
    {
        var first = (string)(await node.FtrAsync("run", "sleep", "--param", "ms=60000", "--json")).Json["id"]!;
        var second = (string)(await node.FtrAsync("run", "sleep", "--param", "ms=60000", "--json")).Json["id"]!;

        var next = await node.FtrAsync("run", "echo", "--after", $"{first}, {second}", "--after-condition", "finished", "--json");
        var bad = await node.FtrAsync("run", "echo", "--after", "nope");

        Assert.Equal(0, next.ExitCode);
        Assert.Equal(("Awaiting", "finished"), ((string?)next.Json["state"], (string?)next.Json["afterCondition"]));
        Assert.Equal([first, second], next.Json["awaiting"]!.AsArray().Select(p => (string?)p));
        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("'nope' is not a task id", bad.ErrorLine);
        foreach (var id in new[] { first, second, (string)next.Json["id"]! }) await node.FtrAsync("tasks", "cancel", id);
    }

    [Fact]
    public async Task Run_of_an_unknown_tool_names_the_known_tools_and_the_closest()
    {
        var run = await node.FtrAsync("run", "ecko");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("unknown tool 'ecko'; known tools:", run.ErrorLine);
        Assert.Contains("did you mean 'echo'?", run.ErrorLine);
    }

    [Fact]
    public async Task Run_without_a_required_parameter_names_it()
    {
        var run = await node.FtrAsync("run", "word-count");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("file", run.ErrorLine);
        Assert.Contains("missing", run.ErrorLine, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Run_with_a_nonexistent_file_names_the_path()
    {
        var run = await node.FtrAsync("run", "word-count", "--param", "file=/no/such/file.txt");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("/no/such/file.txt", run.ErrorLine);
    }

    [Fact]
    public async Task Run_problem_is_printed_as_json_for_scripts()
    {
        var run = await node.FtrAsync("run", "ecko", "--json");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("unknown-tool", (string?)run.Json["code"]);
        Assert.NotEmpty(run.Json["suggestedActions"]!.AsArray());
    }

    [Fact]
    public async Task Run_wait_of_a_task_that_ends_dead_lettered_exits_non_zero()
    {
        var run = await node.FtrAsync("run", "flaky", "--param", "failures=5", "--param", "category=permanent", "--wait");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("ended DeadLettered", run.ErrorLine);
        Assert.Contains("Error:", run.Stdout);
        Assert.Contains("To do:", run.Stdout);
    }

    [Fact]
    public async Task Tasks_list_filters_by_tool_and_state()
    {
        var done = await node.FtrAsync("run", "echo", "--param", "text=listed", "--wait", "--json");
        var id = (string)done.Json["id"]!;

        // The list is served by the task index, which follows the journal a moment behind.
        var json = await Eventually.Until(() => node.FtrAsync("tasks", "list", "--tool", "echo", "--state", "Succeeded", "--json"),
            r => r.ExitCode == 0 && r.Json["items"]!.AsArray().Any(i => (string?)i!["id"] == id), TimeSpan.FromSeconds(60), "task listed");
        var table = await node.FtrAsync("tasks", "list", "--tool", "echo");

        var items = json.Json["items"]!.AsArray();
        Assert.NotEmpty(items);
        Assert.All(items, i => Assert.Equal("echo", (string?)i!["tool"]));
        Assert.All(items, i => Assert.Equal("Succeeded", (string?)i!["status"]));
        Assert.Contains(id, table.Stdout);
    }

    [Fact]
    public async Task Tasks_list_finds_a_task_by_text_idempotency_key_and_since()
    {
        var marker = "cli-needle-" + Guid.NewGuid().ToString("N");
        var key = "cli-" + Guid.NewGuid().ToString("N");
        var since = DateTimeOffset.UtcNow.AddMinutes(-1).ToString("O");
        var done = await node.FtrAsync("run", "echo", "--param", "text=" + marker, "--idempotency-key", key, "--wait", "--json");
        await node.FtrAsync("run", "echo", "--param", "text=" + marker, "--wait", "--json");

        var json = await Eventually.Until(() => node.FtrAsync("tasks", "list", "--q", marker.ToUpperInvariant(), "--idempotency-key", key, "--since", since, "--json"),
            r => r.ExitCode == 0 && r.Json["items"]!.AsArray().Count > 0, TimeSpan.FromSeconds(60), "the keyed task listed");
        var bad = await node.FtrAsync("tasks", "list", "--category", "transiant");

        var row = Assert.Single(json.Json["items"]!.AsArray());
        Assert.Equal(((string?)done.Json["id"], key), ((string?)row!["id"], (string?)row["idempotencyKey"]));
        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("did you mean 'transient'", bad.ErrorLine);
    }

    [Fact]
    public async Task Tasks_list_with_an_unknown_state_suggests_one()
    {
        var run = await node.FtrAsync("tasks", "list", "--state", "Runing");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("did you mean 'Running'?", run.ErrorLine);
    }

    [Fact]
    public async Task Tasks_show_has_the_attempt_history()
    {
        var submitted = await node.FtrAsync("run", "flaky", "--param", "failures=1", "--wait", "--json");
        var id = (string)submitted.Json["id"]!;

        var json = await node.FtrAsync("tasks", "show", id, "--json");
        var table = await node.FtrAsync("tasks", "show", id);

        Assert.Equal(0, json.ExitCode);
        var attempts = json.Json["attemptHistory"]!.AsArray();
        Assert.Equal(2, attempts.Count);
        Assert.Equal("failed", (string?)attempts[0]!["outcome"]);
        Assert.Contains("attemptHistory:", table.Stdout);
    }

    [Fact]
    public async Task Tasks_show_of_a_dead_lettered_task_prints_its_error_as_a_block()
    {
        var failed = await node.FtrAsync("run", "flaky", "--param", "failures=5", "--param", "category=permanent", "--wait", "--json");
        var id = (string)failed.Json["id"]!;
        var error = failed.Json["lastError"]!;

        var show = await node.FtrAsync("tasks", "show", id);
        var lines = show.Stdout.Split('\n').Select(l => l.Trim(' ', '│')).ToArray();

        Assert.Equal(0, show.ExitCode);
        Assert.Contains(lines, l => l.StartsWith("Error:", StringComparison.Ordinal) && l.Contains(((string)error["message"]!)[..20]));
        Assert.Contains(lines, l => l.StartsWith("Category:", StringComparison.Ordinal) && l.Contains("permanent, severity " + (string)error["severity"]!));
        Assert.Contains(lines, l => l.StartsWith("Tried:", StringComparison.Ordinal) && l.Contains("1 attempt; not retried"));
        Assert.Contains(lines, l => l.StartsWith("To do:", StringComparison.Ordinal) && l.Contains("- "));
        Assert.Contains($"ftr dlq requeue", show.Stdout);
    }

    [Fact]
    public async Task Tasks_show_of_an_unknown_id_says_how_to_find_one()
    {
        var run = await node.FtrAsync("tasks", "show", "0123456789abcdef0123456789abcdef");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("no task with id", run.ErrorLine);
        Assert.Contains("ftr tasks list", run.ErrorLine);
    }

    [Fact]
    public async Task Tasks_cancel_stops_a_running_task()
    {
        var submitted = await node.FtrAsync("run", "sleep", "--param", "ms=600000", "--json");
        var id = (string)submitted.Json["id"]!;

        var run = await node.FtrAsync("tasks", "cancel", id, "--json");

        Assert.Equal(0, run.ExitCode);
        await node.AwaitTaskAsync(id, t => (string?)t["state"] == "Cancelled", "task cancelled");
    }

    [Fact]
    public async Task Tasks_cancel_by_filter_counts_with_dry_run_then_cancels_the_match()
    {
        var key = "bulk-" + Guid.NewGuid().ToString("N");
        var id = (string)(await node.FtrAsync("run", "sleep", "--param", "ms=600000", "--idempotency-key", key, "--json")).Json["id"]!;
        var dry = await Eventually.Until(() => node.FtrAsync("tasks", "cancel", "--filter", $"idempotencyKey={key}", "--dry-run", "--json"),
            r => r.ExitCode == 0 && (int)r.Json["eligible"]! == 1, TimeSpan.FromSeconds(20), "the index listing the task");

        var run = await node.FtrAsync("tasks", "cancel", "--filter", $"idempotencyKey={key}", "--json");

        Assert.Equal((true, id), ((bool)dry.Json["dryRun"]!, (string)dry.Json["ids"]![0]!));
        Assert.Equal((0, 1), (run.ExitCode, (int)run.Json["acted"]!));
        await node.AwaitTaskAsync(id, t => (string?)t["state"] == "Cancelled", "task cancelled by filter");
    }

    [Fact]
    public async Task Tasks_retry_requeues_a_dead_lettered_task()
    {
        var failed = await node.FtrAsync("run", "flaky", "--param", "failures=1", "--param", "category=permanent", "--wait", "--json");
        var id = (string)failed.Json["id"]!;
        Assert.Equal("DeadLettered", (string?)failed.Json["state"]);

        var run = await node.FtrAsync("tasks", "retry", id, "--json");

        Assert.Equal(0, run.ExitCode);
        var task = await node.AwaitTaskAsync(id, t => (string?)t["state"] == "Succeeded", "retried task succeeding");
        Assert.Equal(1, (int)task["requeues"]!);
    }

    [Fact]
    public async Task Tasks_retry_of_a_succeeded_task_is_refused()
    {
        var done = await node.FtrAsync("run", "echo", "--param", "text=x", "--wait", "--json");

        var run = await node.FtrAsync("tasks", "retry", (string)done.Json["id"]!);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("only dead-lettered tasks can be requeued", run.ErrorLine);
    }

    [Fact]
    public async Task Tasks_watch_refreshes_until_count()
    {
        var run = await node.FtrAsync("tasks", "watch", "--count", "2", "--json");

        Assert.Equal(0, run.ExitCode);
        var rounds = run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, rounds.Length);
        Assert.All(rounds, r => Assert.NotNull(System.Text.Json.Nodes.JsonNode.Parse(r)!["items"]));
    }

    [Fact]
    public async Task Tools_list_and_show_describe_the_tools()
    {
        var list = await node.FtrAsync("tools", "list", "--json");
        var show = await node.FtrAsync("tools", "show", "flaky");

        Assert.Equal(0, list.ExitCode);
        Assert.Contains(list.Json["items"]!.AsArray(), t => (string?)t!["name"] == "echo");
        Assert.Equal(0, show.ExitCode);
        Assert.Contains("failures", show.Stdout);
    }

    [Fact]
    public async Task Tools_enable_takes_an_isolated_tool_back_into_service()
    {
        var failed = await node.FtrAsync("run", "flaky", "--param", "failures=1", "--param", "category=critical", "--wait");
        try
        {
            Assert.Equal(1, failed.ExitCode);
            await Eventually.Until(() => node.FtrAsync("tools", "show", "flaky", "--json"),
                r => r.ExitCode == 0 && r.Json["isolated"] is JsonObject, TimeSpan.FromSeconds(30), "flaky isolated");
            var refused = await node.FtrAsync("run", "flaky", "--param", "failures=0");
            Assert.Equal(1, refused.ExitCode);
            Assert.Contains("ftr tools enable flaky", refused.ErrorLine);

            var enable = await node.FtrAsync("tools", "enable", "flaky", "--json");

            Assert.Equal(0, enable.ExitCode);
            Assert.True((bool)enable.Json["wasIsolated"]!);
            var run = await node.FtrAsync("run", "flaky", "--param", "failures=0", "--wait", "--json");
            Assert.Equal("Succeeded", (string?)run.Json["state"]);
        }
        finally
        {
            // The palette tests share one node: never leave the tool isolated for the next test.
            await node.Http.PostAsync("/api/tools/flaky/enable", null);
        }
    }

    [Fact]
    public async Task Tools_enable_of_an_unknown_tool_names_the_closest()
    {
        var run = await node.FtrAsync("tools", "enable", "flakey");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("did you mean 'flaky'?", run.ErrorLine);
    }
}
