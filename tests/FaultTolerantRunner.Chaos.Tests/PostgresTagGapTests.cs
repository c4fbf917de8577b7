using System.Collections.Concurrent;
using Akka.Actor;
using Akka.Persistence.Journal;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using FaultTolerantRunner.Chaos.Tests.Support;
using Akka.Configuration;
using FaultTolerantRunner.Persistence;
using FaultTolerantRunner.Projections;
using FaultTolerantRunner.Tasks;
using Npgsql;
using TaskStatus = FaultTolerantRunner.Tasks.TaskStatus;

namespace FaultTolerantRunner.Chaos.Tests;

/// <summary>
/// On PostgreSQL an event's ordering number is taken when its row is inserted, not when it commits, and several writers
/// (the journal's parallel writers, other nodes) commit in any order: a reader by tag sees a later event while an earlier
/// one is still in flight. The task index and the error registry must wait for such a gap to fill — a task whose acceptance
/// the index skipped is never listed and never woken after its node dies.
/// The writes go through the plugin's writer, whose parallel writers commit one process's events out of order; FTR's writer
/// keeps one id's writes in one lane but commits different ids in parallel lanes and nodes, so the read side is the same.
/// </summary>
public sealed class PostgresTagGapTests
{
    private const string SlowId = "task-slow";

    [PostgresFact(Timeout = 120_000)]
    public async Task An_event_that_commits_seconds_after_a_later_one_is_still_read_by_tag()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        var options = PersistenceOptions.PostgreSql(database.ConnectionString);
        options.Journal = JournalWriter.Sql;
        var system = ActorSystem.Create("gap", EventWriter.Config(options));
        try
        {
            await EventWriter.PersistAsync(system, "task-first", new Tagged("first", ["task"]));
            // The slow writer's row gets its ordering number, then its transaction stays open for 4 s (twice what the
            // read side tolerated before: 10 tries x 200 ms).
            await SlowCommitAsync(database, seconds: 4);
            var read = new ConcurrentQueue<string>();
            var journal = PersistenceQuery.Get(system).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier);
            _ = journal.EventsByTag("task", Offset.NoOffset()).RunForeach(e => read.Enqueue((string)e.Event), system.Materializer());

            var slow = EventWriter.PersistAsync(system, SlowId, new Tagged("slow", ["task"]));
            await Eventually.Until(() => ScalarAsync(database, SleepingWriters), n => n == 1, TimeSpan.FromSeconds(30), "the slow insert holding its transaction");
            // The journal acknowledges writes in the order it received them, so the later write's acknowledgement waits for the
            // slow one: watch its row commit instead.
            var fast = EventWriter.PersistAsync(system, "task-fast", new Tagged("fast", ["task"]));
            await Eventually.Until(() => ScalarAsync(database, FastRows), n => n == 1, TimeSpan.FromSeconds(30), "the later event committed");
            Assert.Equal(1, await ScalarAsync(database, SleepingWriters)); // while the earlier one is still in flight
            await Task.WhenAll(slow, fast);

            var events = await Eventually.Until(() => Task.FromResult(string.Join(",", read)), r => r.Split(',').Length >= 3,
                TimeSpan.FromSeconds(30), "all three events read by tag");
            Assert.Equal("first,slow,fast", events);
        }
        finally
        {
            await system.Terminate();
        }
    }

    /// <summary>
    /// Past the read side's tolerance (cut to 3 x 200 ms here) the reader gives the gap up and reads on; the task's acceptance
    /// commits later still. The index's re-scan must find it — the one ~6 s behind the reader; the one 0.5 s behind comes too
    /// early — and re-reading the others must not change them.
    /// </summary>
    [PostgresFact(Timeout = 120_000)]
    public async Task An_acceptance_committed_after_the_reader_gave_its_gap_up_is_found_by_the_index_rescan()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        var options = PersistenceOptions.PostgreSql(database.ConnectionString);
        options.Journal = JournalWriter.Sql;
        var system = ActorSystem.Create("rescan", ConfigurationFactory.ParseString("""
                akka.actor.provider = cluster
                akka.remote.dot-netty.tcp { hostname = 127.0.0.1, port = 0 }
                akka.persistence.query.journal.sql.journal-sequence-retrieval.max-tries = 3
                """).WithFallback(EventWriter.Config(options)));
        try
        {
            var index = system.ActorOf(TaskIndex.Props(1_000, new RescanSchedule(TimeSpan.FromMilliseconds(500), [1, 12])));
            await Eventually.Until(() => StatusAsync(index), s => s.CaughtUp, TimeSpan.FromSeconds(30), "the index caught up");
            var at = DateTimeOffset.UtcNow;
            var spec = new TaskSpec("echo", "{}", null, null);
            await EventWriter.PersistAsync(system, "task-first", new TaskAccepted("first", spec, at), new AttemptStarted(1, "n1", at),
                new AttemptSucceeded(1, "ok", 5, at));
            await SlowCommitAsync(database, seconds: 3);

            var slow = EventWriter.PersistAsync(system, SlowId, new TaskAccepted("slow", spec, at));
            await Eventually.Until(() => ScalarAsync(database, SleepingWriters), n => n == 1, TimeSpan.FromSeconds(30), "the slow insert holding its transaction");
            var fast = EventWriter.PersistAsync(system, "task-fast", new TaskAccepted("fast", spec, at), new AttemptStarted(1, "n1", at));
            await Eventually.Until(() => ScalarAsync(database, FastRows), n => n == 2, TimeSpan.FromSeconds(30), "the later events committed");
            // The live reader gives the gap up after 0.6 s and reads the later task while the acceptance is still in flight.
            await Eventually.Until(() => StatusAsync(index), s => s.Tasks == 2, TimeSpan.FromSeconds(30), "the later task indexed");
            Assert.Equal(1, await ScalarAsync(database, SleepingWriters));
            await Task.WhenAll(slow, fast);

            var status = await Eventually.Until(() => StatusAsync(index), s => s.Tasks == 3, TimeSpan.FromSeconds(30), "the late acceptance found");
            Assert.Equal(1, status.LateEvents);
            var tasks = (await index.Ask<TaskIndexProtocol.TaskList>(new TaskIndexProtocol.ListTasks(TaskFilter.All, 0, 10), TimeSpan.FromSeconds(5)))
                .Items.ToDictionary(t => t.Id, t => t.Status);
            Assert.Equal(TaskStatus.Accepted, tasks["slow"]);
            Assert.Equal(TaskStatus.Running, tasks["fast"]);
            Assert.Equal(TaskStatus.Succeeded, tasks["first"]);
        }
        finally
        {
            await system.Terminate();
        }
    }

    private static Task<TaskIndexProtocol.IndexStatus> StatusAsync(IActorRef index) =>
        index.Ask<TaskIndexProtocol.IndexStatus>(TaskIndexProtocol.GetIndexStatus.Instance, TimeSpan.FromSeconds(5));

    /// <summary>A trigger that holds the transaction inserting <see cref="SlowId"/>'s row open for <paramref name="seconds"/>.</summary>
    private static Task SlowCommitAsync(PostgresDatabase database, int seconds) => ScalarAsync(database, $"""
        CREATE FUNCTION ftr_test_slow_commit() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF NEW.persistence_id = '{SlowId}' THEN PERFORM pg_sleep({seconds}); END IF;
          RETURN NEW;
        END $$;
        CREATE TRIGGER ftr_test_slow_commit AFTER INSERT ON journal FOR EACH ROW EXECUTE FUNCTION ftr_test_slow_commit();
        """);

    private const string SleepingWriters =
        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event = 'PgSleep'";

    private const string FastRows = "SELECT count(*) FROM journal WHERE persistence_id = 'task-fast'";

    /// <summary>Runs <paramref name="sql"/> on its own connection; the first column of the first row, if any.</summary>
    private static async Task<long?> ScalarAsync(PostgresDatabase database, string sql)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync() as long?;
    }
}
