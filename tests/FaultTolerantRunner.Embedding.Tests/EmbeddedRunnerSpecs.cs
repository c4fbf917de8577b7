using System.Text.Json.Nodes;
using FaultTolerantRunner.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using TaskStatus = FaultTolerantRunner.Tasks.TaskStatus;
using FaultTolerantRunner.Taxonomy;

namespace FaultTolerantRunner.Embedding.Tests;

/// <summary>
/// A generic host embeds the runner with one call, a handler and a classification rule of its own, on a real SQLite file,
/// and runs tasks through the injected <see cref="TaskClient"/> as an embedding service would.
/// </summary>
public sealed class EmbeddedRunnerSpecs : IAsyncLifetime
{
    private readonly ScratchDirectory _directory = new();
    private IHost _host = null!;

    private TaskClient Tasks => _host.Services.GetRequiredService<TaskClient>();

    private InvoiceLedger Ledger => _host.Services.GetRequiredService<InvoiceLedger>();

    public async Task InitializeAsync()
    {
        _host = await EmbeddingHost.StartAsync(_directory.Path);
    }

    public async Task DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
        _directory.Dispose();
    }

    [Fact]
    public async Task A_task_of_the_embedders_own_handler_runs_to_success()
    {
        var submitted = await Tasks.SubmitAsync("invoice", new JsonObject { ["customer"] = "acme" }, "invoice-acme", timeoutSeconds: 30);

        var done = await AwaitStatusAsync(submitted.Task.Id, TaskStatus.Succeeded);

        Assert.Equal("""{"invoiced":"acme"}""", done.Result);
        Assert.Equal(1, Ledger.AttemptsFor("acme"));
        Assert.True(File.Exists(EmbeddingHost.Database(_directory.Path)));
    }

    [Fact]
    public async Task A_failure_the_embedders_rule_classifies_as_permanent_goes_to_the_dead_letter_queue_without_a_retry()
    {
        var submitted = await Tasks.SubmitAsync("invoice", new JsonObject { ["customer"] = InvoiceTool.OverQuota }, "invoice-over", timeoutSeconds: 30);

        var dead = await AwaitStatusAsync(submitted.Task.Id, TaskStatus.DeadLettered);

        Assert.Equal(ErrorCategory.Permanent, dead.LastError!.Category);
        Assert.Equal(EmbeddingHost.Rule, dead.LastError.Rule);
        Assert.Single(dead.Attempts);
        Assert.Equal(1, Ledger.AttemptsFor(InvoiceTool.OverQuota));
        await Poll.Until(async () => (await Tasks.ListDeadLettersAsync("invoice", null, null, 0, 10)).Items.Any(t => t.Id == submitted.Task.Id),
            "the task listed in the dead-letter queue");
    }

    private async Task<TaskState> AwaitStatusAsync(string id, TaskStatus status)
    {
        TaskState? last = null;
        await Poll.Until(async () => (last = await Tasks.GetAsync(id))?.Status == status, $"task {id} {status} (last: {last?.Status})");
        return last!;
    }
}
