using Akka.Actor;
using Akka.Configuration;
using Akka.Persistence;
using Akka.Persistence.Journal;
using Akka.Persistence.Query;
using Akka.Persistence.Sql;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using FaultTolerantRunner.Chaos.Tests.Support;
using FaultTolerantRunner.Persistence;
using Npgsql;

namespace FaultTolerantRunner.Chaos.Tests;

/// <summary>On PostgreSQL, a journal of an earlier version (tags in the tag table) is migrated in place, by one of several nodes starting at once.</summary>
public sealed class PostgresJournalSchemaTests
{
    [PostgresFact(Timeout = 120_000)]
    public async Task A_tag_table_journal_is_migrated_once_even_when_nodes_start_together_and_old_events_are_found_by_tag()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        var options = PersistenceOptions.PostgreSql(database.ConnectionString);
        var old = ActorSystem.Create("old", ConfigurationFactory.ParseString("""
                # Earlier versions wrote through the plugin (FTR\'s writer creates the table with the tags column).
                akka.persistence.journal.sql.class = "Akka.Persistence.Sql.Journal.SqlWriteJournal, Akka.Persistence.Sql"
                akka.persistence.journal.sql.tag-write-mode = TagTable
                akka.persistence.query.journal.sql.tag-read-mode = TagTable
                """).WithFallback(EventWriter.Config(options)));
        try
        {
            await EventWriter.PersistAsync(old, "task-a", new Tagged("a1", ["task"]), new Tagged("a2", ["task", "recovery"]), "untagged");
        }
        finally
        {
            await old.Terminate();
        }

        // Three nodes starting at the same moment: one migrates under the table lock, the others find it done.
        var results = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => JournalSchema.EnsureAsync(options, CancellationToken.None)));
        Assert.All(results, Assert.True);

        await using (var connection = new NpgsqlConnection(database.ConnectionString))
        {
            await connection.OpenAsync();
            await using var query = new NpgsqlCommand("SELECT sequence_number, tags FROM journal WHERE persistence_id = 'task-a' ORDER BY sequence_number", connection);
            await using var reader = await query.ExecuteReaderAsync();
            var tags = new List<string?>();
            while (await reader.ReadAsync()) tags.Add(reader.IsDBNull(1) ? null : reader.GetString(1));
            Assert.Equal(3, tags.Count);
            Assert.Equal(";task;", tags[0]);
            Assert.Equal(["recovery", "task"], tags[1]!.Trim(';').Split(';').Order());
            Assert.Null(tags[2]);
        }

        var upgraded = ActorSystem.Create("upgraded", EventWriter.Config(options));
        try
        {
            await EventWriter.PersistAsync(upgraded, "task-b", new Tagged("b1", ["task"]));
            var journal = PersistenceQuery.Get(upgraded).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier);
            var events = await journal.CurrentEventsByTag("task", Offset.NoOffset()).RunWith(Sink.Seq<EventEnvelope>(), upgraded.Materializer());
            Assert.Equal(["a1", "a2", "b1"], events.Select(e => (string)e.Event));
        }
        finally
        {
            await upgraded.Terminate();
        }
    }
}
