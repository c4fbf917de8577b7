using System.Text.Json.Nodes;
using FaultTolerantRunner.LoadGen;

namespace FaultTolerantRunner.Node.Tests;

/// <summary>The load generator's tiny bounded scenario: 50 tasks on SQLite and 50 Hangfire.InMemory jobs, results on disk.</summary>
public class LoadGeneratorSmokeTests
{
    [Fact]
    public async Task Smoke_run_writes_sane_results_for_ftr_and_hangfire()
    {
        var directory = Path.Combine(Path.GetTempPath(), "ftr-loadgen-smoke", Guid.NewGuid().ToString("N"));
        var settings = new Settings("smoke", Tasks: 50, Concurrency: 4, PostgreSql: "", Out: Path.Combine(directory, "smoke.md"), MemoryTasks: 0,
            InFlight: 0, Limit: TimeSpan.FromSeconds(60), DataDirectory: directory, HangfireWorkers: 4, NodeArgs: []);
        var runs = new List<RunResult>();
        using (var completions = new FtrCompletions())
            await new Scenarios(settings, completions, runs.Add).SmokeAsync();
        await ResultWriter.WriteAsync(settings.Out!, settings, runs, "n/a");

        var json = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(directory, "smoke.json")))!;
        var written = json["runs"]!.AsArray();
        Assert.Equal(4, written.Count);
        foreach (var run in written)
        {
            // Completion is observed through a metric listener; under the parallel test load one completion in a run has been
            // seen to go unobserved (noted in issue 8): the smoke test checks the results are written and sane, not the count.
            Assert.InRange((int)run!["completed"]!, 45, 50);
            Assert.InRange((double)run["perSecond"]!, 0.1, 1e7);
            Assert.InRange((double)run["p50Ms"]!, 0, (double)run["p99Ms"]!);
            Assert.InRange((double)run["p99Ms"]!, 0, (double)run["maxMs"]!);
        }
        Assert.Contains("| smoke | FTR | SQLite | 20 |", await File.ReadAllTextAsync(settings.Out!));
        Directory.Delete(directory, recursive: true);
    }
}
