using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using FaultTolerantRunner.Node.Tests.Support;
using Microsoft.Data.Sqlite;

namespace FaultTolerantRunner.Node.Tests;

/// <summary>A node keeping finished tasks and purged dead letters 2 s, sweeping every 200 ms, and passivating finished entities after 1 s.</summary>
public sealed class RetentionFixture : NodeFixture
{
    protected override IEnumerable<string> ExtraArgs =>
    [
        "--Tasks:Retention=00:00:02",
        "--Dlq:Retention=00:00:02",
        "--Tasks:RetentionInterval=00:00:00.200",
        "--Tasks:PassivateFinishedAfter=00:00:01",
    ];
}

/// <summary>Retention against a real node: the SQLite journal shrinks, a pruned task answers 404 "pruned by retention", live tasks stay.</summary>
public sealed class RetentionTests(RetentionFixture node) : IClassFixture<RetentionFixture>
{
    [Fact]
    public async Task Expired_tasks_leave_the_journal_and_answer_pruned_while_a_running_task_stays()
    {
        var running = (string)(await node.SubmitAsync(new { tool = "sleep", parameters = new { ms = 120_000 } }))["id"]!;
        await node.AwaitStateAsync(running, "Running");
        var done = (string)(await node.SubmitAsync(new { tool = "echo", parameters = new { text = "short-lived" } }))["id"]!;
        await node.AwaitStateAsync(done, "Succeeded");
        var dead = (string)(await node.SubmitAsync(new { tool = "flaky", parameters = new { failures = 1, category = "permanent" } }))["id"]!;
        await node.AwaitStateAsync(dead, "DeadLettered");
        Assert.Equal(HttpStatusCode.OK, (await node.Http.DeleteAsync($"/api/dlq/{dead}")).StatusCode);
        var before = Rows();
        Assert.True(Rows(done) > 0 && Rows(dead) > 0, "the finished tasks are journaled");

        await Eventually.Until(() => Task.FromResult(Rows(done) + Rows(dead)), rows => rows == 0, TimeSpan.FromSeconds(30), "both tasks pruned");
        var pruned = await Eventually.Until(() => node.Http.GetAsync($"/api/tasks/{done}"), r => r.StatusCode == HttpStatusCode.NotFound,
            TimeSpan.FromSeconds(20), "the pruned task's entity passivated");
        var problem = await Problem.ReadAsync(pruned);
        var deadProblem = await Problem.ReadAsync(await node.Http.GetAsync($"/api/tasks/{dead}"));
        var live = (await node.Http.GetFromJsonAsync<JsonObject>($"/api/tasks/{running}"))!;
        var list = (await node.Http.GetFromJsonAsync<JsonObject>("/api/tasks?limit=500"))!["items"]!.AsArray().Select(t => (string)t!["id"]!).ToList();
        var metrics = await Eventually.Until(() => node.Http.GetStringAsync("/metrics"), s => s.Contains("ftr_retention_pruned_total"),
            TimeSpan.FromSeconds(20), "the pruned counter scraped");

        Assert.True(Rows() < before, $"the journal shrank ({before} rows before, {Rows()} after)");
        Assert.Equal("task-pruned", (string?)problem["code"]);
        Assert.Contains("pruned by retention", (string)problem["message"]!, StringComparison.Ordinal);
        Assert.Contains("Tasks:Retention=00:00:02", (string)problem["message"]!, StringComparison.Ordinal);
        Assert.Contains("Dlq:Retention=00:00:02", (string)deadProblem["message"]!, StringComparison.Ordinal);
        Assert.Equal("Running", (string?)live["state"]);
        Assert.True(Rows(running) > 0, "the running task keeps its journal");
        Assert.Contains(running, list);
        Assert.DoesNotContain(done, list);
        Assert.Contains("ftr_journal_rows", metrics, StringComparison.Ordinal);
        await node.Http.PostAsync($"/api/tasks/{running}/cancel", null);
    }

    [Fact]
    public async Task An_id_that_never_existed_is_a_plain_404()
    {
        var response = await node.Http.GetAsync($"/api/tasks/{Guid.NewGuid():N}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("task-not-found", (string?)(await Problem.ReadAsync(response))["code"]);
    }

    private long Rows(string? taskId = null)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(node.Directory, "ftr.db")};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = taskId is null ? "SELECT COUNT(*) FROM journal" : "SELECT COUNT(*) FROM journal WHERE persistence_id = @id";
        if (taskId is not null) command.Parameters.AddWithValue("@id", "task-" + taskId);
        return (long)command.ExecuteScalar()!;
    }
}
