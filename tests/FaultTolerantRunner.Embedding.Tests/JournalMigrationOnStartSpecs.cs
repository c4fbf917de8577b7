using System.Text.Json.Nodes;
using FaultTolerantRunner.Persistence;
using FaultTolerantRunner.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using TaskStatus = FaultTolerantRunner.Tasks.TaskStatus;

namespace FaultTolerantRunner.Embedding.Tests;

/// <summary>The schema migration is a start step of the host: it has finished before the journal writes its first row.</summary>
public sealed class JournalMigrationOnStartSpecs : IAsyncLifetime
{
    private readonly ScratchDirectory _directory = new();
    private IHost? _host;

    public async Task InitializeAsync()
    {
        await OldJournal.CreateAsync(EmbeddingHost.Database(_directory.Path));
    }

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.StopAsync();
            _host.Dispose();
        }
        _directory.Dispose();
    }

    [Fact]
    public async Task A_journal_of_an_earlier_version_is_migrated_at_start_and_takes_new_tasks()
    {
        Assert.DoesNotContain(JournalSchema.TagsColumn, OldJournal.Columns(EmbeddingHost.Database(_directory.Path)));

        _host = await EmbeddingHost.StartAsync(_directory.Path);

        Assert.Contains(JournalSchema.TagsColumn, OldJournal.Columns(EmbeddingHost.Database(_directory.Path)));
        var tasks = _host.Services.GetRequiredService<TaskClient>();
        var submitted = await tasks.SubmitAsync("invoice", new JsonObject { ["customer"] = "acme" }, "invoice-acme", timeoutSeconds: 30);
        await Poll.Until(async () => (await tasks.GetAsync(submitted.Task.Id))?.Status == TaskStatus.Succeeded, "the task to succeed");
        // Found by tag: the task index follows the "task" tag, written into the new column.
        await Poll.Until(async () => (await tasks.ListAsync(new TaskFilter(TaskStatus.Succeeded, "invoice"), 0, 10)).Items.Any(t => t.Id == submitted.Task.Id),
            "the task listed by the task index");
    }
}
