using System.Diagnostics;
using System.Text.Json.Nodes;

namespace FaultTolerantRunner.LoadGen;

/// <summary>The scenarios of issue #8, each bounded in count and time; every run appends a <see cref="RunResult"/>.</summary>
public sealed class Scenarios(Settings settings, FtrCompletions completions, Action<RunResult> report)
{
    /// <summary>FTR vs Hangfire on embedded storage (SQLite vs InMemory) and on PostgreSQL, 0 % and 20 % failing once.</summary>
    public async Task CompareAsync(bool postgres)
    {
        foreach (var failures in new[] { 0, 20 })
        {
            await FtrAsync("compare", failures, postgres ? await PgAsync($"ftr_bench_cmp{failures}") : Sqlite($"cmp-{failures}"));
            var storage = postgres ? HangfireLoad.PostgreSql((await PgAsync($"hangfire_bench{failures}")).ConnectionString) : HangfireLoad.InMemory();
            await HangfireAsync("compare", storage, postgres ? "PostgreSQL" : "InMemory", failures);
        }
    }

    /// <summary>Latency at half of the peak just measured, open loop.</summary>
    public async Task HalfLoadAsync(bool postgres)
    {
        var storage = postgres ? await PgAsync("ftr_bench_half") : Sqlite("half");
        await using var nodes = await FtrNodes.StartAsync(1, storage, settings.NodeArgs);
        await WarmUpAsync(nodes);
        var peak = await MeasureAsync(nodes, settings.Tasks, settings.Concurrency, 0);
        Report(peak, "ftr-peak", "FTR", storage.Name, 0, settings.Tasks, settings.Concurrency, "closed loop, for the half-load rate");
        var rate = Math.Max(1, peak.Log.CompletedCount / Math.Max(peak.Elapsed.TotalSeconds, 1e-3) / 2);
        var cpu = new CpuMeter();
        var tasks = (int)Math.Min(settings.Tasks, rate * 10);
        var paced = await FtrLoad.RunPacedAsync(completions, nodes.Clients, tasks, rate, FtrLoad.Work(0), settings.Limit);
        report(RunResult.From("half-load", "FTR", storage.Name, 0, tasks, 0, paced.Log.LatenciesMs(), paced.Elapsed, cpu,
            $"open loop at {rate:0} tasks/s (half of peak){Incomplete(paced.AllDone)}"));
    }

    /// <summary>A task failing twice then succeeding: FTR (1 ms base delay) vs Polly.Core's retry pipeline (same delays).</summary>
    public async Task RetryAsync(bool postgres)
    {
        foreach (var concurrency in new[] { 1, settings.Concurrency })
        {
            var count = concurrency == 1 ? Math.Min(settings.Tasks, 500) : settings.Tasks;
            var storage = postgres ? await PgAsync("ftr_bench_retry") : Sqlite($"retry-{concurrency}");
            await using (var nodes = await FtrNodes.StartAsync(1, storage, settings.NodeArgs))
            {
                await WarmUpAsync(nodes);
                var cpu = new CpuMeter();
                var run = await FtrLoad.RunAsync(completions, nodes.Clients, count, concurrency, FtrLoad.Work(100, failures: 2), settings.Limit);
                report(RunResult.From("retry", "FTR", storage.Name, 100, count, concurrency, run.Log.LatenciesMs(), run.Elapsed, cpu,
                    "fails twice, then succeeds" + Incomplete(run.AllDone)));
            }
            var pollyCpu = new CpuMeter();
            var polly = await PollyRetry.RunAsync(count, concurrency, failures: 2);
            report(RunResult.From("retry", "Polly.Core", "none", 100, count, concurrency, polly.Log.LatenciesMs(), polly.Elapsed, pollyCpu,
                "fails twice, then succeeds; in-process, not durable"));
        }
    }

    /// <summary>
    /// The stack's floor (<see cref="PersistenceFloor"/>: a persistent actor per task journaling FTR's events, nothing
    /// else) next to FTR end to end, on the same storage, at the same concurrency.
    /// </summary>
    public async Task FloorAsync(bool postgres)
    {
        foreach (var (writer, system, name) in new[]
                 {
                     (Persistence.JournalWriter.Sql, "Akka.Persistence.Sql", "floor"),
                     (Persistence.JournalWriter.Ftr, "FTR journal", "floor_ftrj"),
                 })
        {
            var floorStorage = postgres ? await PgAsync($"ftr_bench_{name}") : Sqlite(name);
            var floor = await PersistenceFloor.RunAsync(floorStorage, writer, settings.Tasks, settings.Concurrency, settings.Limit);
            report(RunResult.From("floor", system, floorStorage.Name, 0, settings.Tasks, settings.Concurrency, floor.Log.LatenciesMs(), floor.Elapsed,
                floor.Cpu, $"a persistent actor per task, FTR's 3 events in 2 writes, nothing else; journal writer {writer.ToString().ToLowerInvariant()}" +
                           Incomplete(floor.AllDone)));
        }
        await FtrAsync("floor", 0, postgres ? await PgAsync("ftr_bench_floor_ftr") : Sqlite("floor-ftr"));
        if (postgres) return;
        var memory = await PersistenceFloor.RunAsync(null, Persistence.JournalWriter.Sql, settings.Tasks, settings.Concurrency, settings.Limit);
        report(RunResult.From("floor", "Akka.Persistence", "in-memory", 0, settings.Tasks, settings.Concurrency, memory.Log.LatenciesMs(),
            memory.Elapsed, memory.Cpu, "the same on the in-memory journal: no plugin, no database, not durable" + Incomplete(memory.AllDone)));
    }

    /// <summary>1, 2 and 3 nodes on PostgreSQL, submitting through every node.</summary>
    public async Task ScalingAsync()
    {
        foreach (var count in new[] { 1, 2, 3 })
        {
            var storage = await PgAsync($"ftr_bench_scale{count}");
            await using var nodes = await FtrNodes.StartAsync(count, storage, settings.NodeArgs);
            await WarmUpAsync(nodes);
            var run = await MeasureAsync(nodes, settings.Tasks, settings.Concurrency, 0);
            Report(run, "scaling", $"FTR x{count}", storage.Name, 0, settings.Tasks, settings.Concurrency, $"{count} node(s) in one process");
        }
    }

    /// <summary>
    /// Resident memory after many completed tasks, and with many tasks in flight (sleeping) — the latter on a fresh node,
    /// so finished entities of the first part passivating meanwhile do not hide what the sleeping ones cost.
    /// </summary>
    public async Task MemoryAsync()
    {
        await using (var nodes = await FtrNodes.StartAsync(1, Sqlite("memory"), settings.NodeArgs))
        {
            await WarmUpAsync(nodes);
            var baseline = SettledMb();
            var run = await MeasureAsync(nodes, settings.MemoryTasks, settings.Concurrency, 0);
            var afterCompleted = SettledMb();
            // What stays is what 100k journaled tasks cost a node: finished entities leave memory after
            // Tasks:PassivateFinishedAfter (30 s), the task index keeps a summary of each.
            await Task.Delay(PassivationWait);
            var afterPassivation = SettledMb();
            Report(run, "memory", "FTR", "SQLite", 0, settings.MemoryTasks, settings.Concurrency,
                $"{settings.MemoryTasks} completed: resident {baseline:0} → {afterCompleted:0} MiB right after (recent entities still in memory) → " +
                $"{afterPassivation:0} MiB once they passivated = {(afterPassivation - baseline) * 100_000 / settings.MemoryTasks:0} MiB per 100k");
        }

        await using (var nodes = await FtrNodes.StartAsync(1, Sqlite("memory-in-flight"), settings.NodeArgs))
        {
            await WarmUpAsync(nodes);
            var before = SettledMb();
            var cpu = new CpuMeter();
            var watch = Stopwatch.StartNew();
            var next = -1;
            await Task.WhenAll(Enumerable.Range(0, settings.Concurrency).Select(s => Task.Run(async () =>
            {
                while (Interlocked.Increment(ref next) < settings.InFlight && watch.Elapsed < settings.Limit)
                    await nodes.Clients[0].SubmitAsync("sleep", FtrLoad.Parameters("""{"ms": 600000}"""), null, 900);
            })));
            var submittedSpan = watch.Elapsed;
            var submitted = Math.Min(next, settings.InFlight);
            await Task.Delay(TimeSpan.FromSeconds(3));
            var withInFlight = SettledMb();
            report(new RunResult("memory", "FTR", "SQLite", 0, settings.InFlight, settings.Concurrency, 0,
                Math.Round(submittedSpan.TotalSeconds, 3), Math.Round(submitted / submittedSpan.TotalSeconds, 1), 0, 0, 0,
                Math.Round(cpu.Elapsed.TotalMilliseconds * 10_000 / Math.Max(1, submitted), 0), Math.Round(withInFlight, 0),
                $"{submitted} sleeping tasks in flight on a fresh node: resident {before:0} → {withInFlight:0} MiB " +
                $"= {(withInFlight - before) * 10_000 / Math.Max(1, submitted):0} MiB per 10k in flight; rate column = submit (accept) rate"));
        }
    }

    /// <summary>Tiny bounded run for the smoke test: FTR on SQLite and Hangfire.InMemory, 0 % and 20 %.</summary>
    public async Task SmokeAsync()
    {
        foreach (var failures in new[] { 0, 20 })
        {
            await FtrAsync("smoke", failures, Sqlite($"smoke-{failures}"));
            await HangfireAsync("smoke", HangfireLoad.InMemory(), "InMemory", failures);
        }
    }

    private async Task FtrAsync(string scenario, int failures, StorageTarget storage)
    {
        await using var nodes = await FtrNodes.StartAsync(1, storage, settings.NodeArgs);
        await WarmUpAsync(nodes);
        var run = await MeasureAsync(nodes, settings.Tasks, settings.Concurrency, failures);
        Report(run, scenario, "FTR", storage.Name, failures, settings.Tasks, settings.Concurrency, failures > 0 ? "flaky fails once, retried" : "echo");
    }

    private async Task HangfireAsync(string scenario, Hangfire.JobStorage storage, string storageName, int failures)
    {
        var cpu = new CpuMeter();
        var run = await HangfireLoad.RunAsync(storage, settings.Tasks, settings.Concurrency, failures, settings.HangfireWorkers, settings.Limit);
        report(RunResult.From(scenario, "Hangfire", storageName, failures, settings.Tasks, settings.Concurrency,
            run.Log.LatenciesMs(), run.Elapsed, cpu,
            $"{settings.HangfireWorkers} workers; AutomaticRetry, no delay{Incomplete(run.AllDone)}"));
        (storage as IDisposable)?.Dispose();
    }

    private sealed record Measured(CompletionLog Log, TimeSpan Elapsed, bool AllDone, CpuMeter Cpu);

    private async Task<Measured> MeasureAsync(FtrNodes nodes, int tasks, int concurrency, int failures)
    {
        var cpu = new CpuMeter();
        var run = await FtrLoad.RunAsync(completions, nodes.Clients, tasks, concurrency, FtrLoad.Work(failures), settings.Limit);
        return new Measured(run.Log, run.Elapsed, run.AllDone, cpu);
    }

    private void Report(Measured run, string scenario, string system, string storage, int failures, int tasks, int concurrency, string note) =>
        report(RunResult.From(scenario, system, storage, failures, tasks, concurrency, run.Log.LatenciesMs(), run.Elapsed, run.Cpu,
            note + Incomplete(run.AllDone) + (run.Log.FailedCount > 0 ? $"; {run.Log.FailedCount} did not succeed" : "")
            + (run.Log.RejectedCount > 0 ? $"; {run.Log.RejectedCount} submissions refused (503: {run.Log.RejectionCodes})" : "")));

    /// <summary>
    /// JIT, shard allocation and connection pools warmed with tasks that are not measured, with the measured run's
    /// concurrency: with 200 tasks at 8 submitters the first measured run of a process still ran partly unoptimized
    /// (tier-0) code and came out ~45 % slower than the same run later in the process.
    /// </summary>
    private async Task WarmUpAsync(FtrNodes nodes) =>
        await FtrLoad.RunAsync(completions, nodes.Clients, Math.Min(1000, settings.Tasks), settings.Concurrency, FtrLoad.Work(0),
            TimeSpan.FromSeconds(120));

    private StorageTarget Sqlite(string run) => StorageTarget.Sqlite(settings.DataDirectory, run);

    private Task<StorageTarget> PgAsync(string database) => StorageTarget.PostgreSqlAsync(settings.PostgreSql, database);

    private static string Incomplete(bool allDone) => allDone ? "" : "; INCOMPLETE: time limit reached";

    /// <summary>The node's default Tasks:PassivateFinishedAfter (30 s) and a margin.</summary>
    private static readonly TimeSpan PassivationWait = TimeSpan.FromSeconds(35);

    /// <summary>
    /// Resident memory after a full, compacting, aggressive collection: aggressive mode also returns the freed memory to
    /// the OS, so the figure follows the live data (with a plain collection the heap keeps what an earlier node used).
    /// </summary>
    private static double SettledMb()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        return RunResult.ResidentMb();
    }
}
