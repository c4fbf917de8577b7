using System.Collections.Concurrent;
using Akka.Actor;
using Akka.Persistence.Journal;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using FaultTolerantRunner.Chaos.Tests.Support;
using FaultTolerantRunner.Node.Tests.Support;
using FaultTolerantRunner.Persistence;
using FaultTolerantRunner.Tests.Support;
using Npgsql;

namespace FaultTolerantRunner.Chaos.Tests;

/// <summary>
/// On PostgreSQL an event's ordering number is taken when its row is inserted, not when it commits, and several writers
/// (the journal's parallel writers, other nodes) commit in any order: a reader by tag sees a later event while an earlier
/// one is still in flight. The task index and the error registry must wait for such a gap to fill — a task whose acceptance
/// the index skipped is never listed and never woken after its node dies.
/// </summary>
public sealed class PostgresTagGapTests
{
    private const string SlowId = "task-slow";

    [PostgresFact(Timeout = 120_000)]
    public async Task An_event_that_commits_seconds_after_a_later_one_is_still_read_by_tag()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        var options = PersistenceOptions.PostgreSql(database.ConnectionString);
        var system = ActorSystem.Create("gap", JournalWriter.Config(options));
        try
        {
            await JournalWriter.PersistAsync(system, "task-first", new Tagged("first", ["task"]));
            // The slow writer's row gets its ordering number, then its transaction stays open for 4 s (twice what the
            // read side tolerated before: 10 tries x 200 ms).
            await ScalarAsync(database, $"""
                CREATE FUNCTION ftr_test_slow_commit() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                  IF NEW.persistence_id = '{SlowId}' THEN PERFORM pg_sleep(4); END IF;
                  RETURN NEW;
                END $$;
                CREATE TRIGGER ftr_test_slow_commit AFTER INSERT ON journal FOR EACH ROW EXECUTE FUNCTION ftr_test_slow_commit();
                """);
            var read = new ConcurrentQueue<string>();
            var journal = PersistenceQuery.Get(system).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier);
            _ = journal.EventsByTag("task", Offset.NoOffset()).RunForeach(e => read.Enqueue((string)e.Event), system.Materializer());

            var slow = JournalWriter.PersistAsync(system, SlowId, new Tagged("slow", ["task"]));
            await Eventually.Until(() => ScalarAsync(database, SleepingWriters), n => n == 1, TimeSpan.FromSeconds(30), "the slow insert holding its transaction");
            // The journal acknowledges writes in the order it received them, so the later write's acknowledgement waits for the
            // slow one: watch its row commit instead.
            var fast = JournalWriter.PersistAsync(system, "task-fast", new Tagged("fast", ["task"]));
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
