using System.Diagnostics;
using Akka.Actor;
using Akka.Configuration;
using Akka.Persistence;
using FaultTolerantRunner.Persistence;
using FaultTolerantRunner.Tasks;

namespace FaultTolerantRunner.LoadGen;

/// <summary>
/// The floor of the design on this stack: what a task costs Akka.Persistence.Sql alone when, as DESIGN.md requires, each
/// task is its own persistent actor that journals its transitions. One actor per task recovers (as the task entity: the
/// highest sequence number of a new id, no snapshot store), journals FTR's own first write (accepted and attempt-started
/// in one write, the task tag on both) and then its success, and stops. No sharding, no tool, no supervisor, no index, no
/// HTTP: the node's journal configuration (<see cref="Hosting.RunnerHocon"/>) and event types, nothing else. A target above
/// this rate cannot be met by tuning FTR, only by changing the journal or the design.
/// </summary>
public static class PersistenceFloor
{
    /// <summary>A warm-up of up to 1,000 tasks, then the measured closed loop; the CPU meter starts after the warm-up.</summary>
    /// <param name="storage">SQLite or PostgreSQL as the node uses them; null for Akka.Persistence's in-memory journal (not
    /// durable): the persistent actors and event adapters stay, the plugin and the database go.</param>
    /// <param name="writer">Who writes the journal table: the plugin's writer or FTR's (ignored for the in-memory journal).</param>
    public static async Task<(CompletionLog Log, TimeSpan Elapsed, bool AllDone, CpuMeter Cpu)> RunAsync(StorageTarget? storage, JournalWriter writer,
        int tasks, int concurrency, TimeSpan limit)
    {
        using var system = ActorSystem.Create("floor", storage is null ? InMemory() : await SqlAsync(storage, writer));
        try
        {
            // Warm-up as for FTR: JIT, connection pools, the journal's write stream.
            await RunLoopAsync(system, new CompletionLog(), Math.Min(1000, tasks), concurrency, TimeSpan.FromSeconds(120));
            var cpu = new CpuMeter();
            var run = await RunLoopAsync(system, new CompletionLog(), tasks, concurrency, limit);
            return (run.Log, run.Elapsed, run.AllDone, cpu);
        }
        finally
        {
            await system.Terminate();
        }
    }

    private static async Task<Config> SqlAsync(StorageTarget storage, JournalWriter writer)
    {
        var options = storage.Provider == "Sqlite"
            ? new PersistenceOptions { ConnectionString = storage.ConnectionString }
            : PersistenceOptions.PostgreSql(storage.ConnectionString);
        options.Journal = writer;
        JournalProbe.PrepareSqlite(options);
        using (var migration = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
            await JournalSchema.EnsureAsync(options, migration.Token);
        return ConfigurationFactory.ParseString("akka.loglevel = ERROR")
            .WithFallback(Hosting.RunnerHocon.Standalone(options));
    }

    /// <summary>The node's serializer and task tagger on the in-memory journal.</summary>
    private static Config InMemory() =>
        ConfigurationFactory.ParseString($$"""
                akka.loglevel = ERROR
                akka.persistence.journal.plugin = "akka.persistence.journal.inmem"
                akka.persistence.snapshot-store.plugin = "akka.persistence.no-snapshot-store"
                akka.persistence.journal.inmem {
                  event-adapters.task-tagger = "{{typeof(TaskEventTagger).AssemblyQualifiedName}}"
                  event-adapter-bindings { "{{typeof(ITaskEvent).AssemblyQualifiedName}}" = task-tagger }
                }
                """)
            .WithFallback(Hosting.RunnerHocon.Standalone(PersistenceOptions.Sqlite("unused.db")));

    /// <summary>Closed loop shaped like FTR's: each submitter waits for the first write (the acceptance), not for the end.</summary>
    private static async Task<(CompletionLog Log, TimeSpan Elapsed, bool AllDone)> RunLoopAsync(ActorSystem system, CompletionLog log,
        int tasks, int concurrency, TimeSpan limit)
    {
        var next = -1;
        var watch = Stopwatch.StartNew();
        var submitters = Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            while (Interlocked.Increment(ref next) < tasks && watch.Elapsed < limit)
            {
                var id = TaskIds.New();
                var started = Stopwatch.GetTimestamp();
                var task = system.ActorOf(Props.Create(() => new FloorTask(id, log)));
                await task.Ask<FloorTask.Accepted>(FloorTask.Start.Instance, TimeSpan.FromSeconds(30));
                log.Submitted(id, started);
            }
        })).ToArray();
        await Task.WhenAll(submitters);
        var allDone = await log.WaitForAsync(log.SubmittedCount, limit - watch.Elapsed);
        return (log, log.Span(), allDone);
    }

    private sealed class FloorTask : UntypedPersistentActor
    {
        private readonly string _id;
        private readonly CompletionLog _log;

        public FloorTask(string id, CompletionLog log)
        {
            _id = id;
            _log = log;
            PersistenceId = TaskIds.PersistenceId(id);
            // As the task entity: tasks never snapshot, so their recovery skips the snapshot store.
            SnapshotPluginId = "akka.persistence.no-snapshot-store";
        }

        public sealed class Start
        {
            public static readonly Start Instance = new();
        }

        public sealed class Accepted
        {
            public static readonly Accepted Instance = new();
        }

        public override string PersistenceId { get; }

        protected override void OnCommand(object message)
        {
            if (message is not Start) return;
            var now = DateTimeOffset.UtcNow;
            var asker = Sender;
            var first = new object[]
            {
                new TaskAccepted(_id, new TaskSpec("echo", """{"text":"x"}""", null, null), now),
                new AttemptStarted(1, "floor", now),
            };
            var written = 0;
            PersistAll(first, _ =>
            {
                if (++written < first.Length) return;
                asker.Tell(Accepted.Instance);
                Persist(new AttemptSucceeded(1, "x", 0.1, DateTimeOffset.UtcNow), _ =>
                {
                    _log.Completed(_id);
                    Context.Stop(Self);
                });
            });
        }

        protected override void OnRecover(object message)
        {
        }
    }
}
