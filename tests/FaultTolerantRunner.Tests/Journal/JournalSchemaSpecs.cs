using Akka.Actor;
using Akka.Configuration;
using Akka.Persistence;
using Akka.Persistence.Journal;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using FaultTolerantRunner.Persistence;
using FaultTolerantRunner.Tests.Support;
using Microsoft.Data.Sqlite;

namespace FaultTolerantRunner.Tests.Journal;

/// <summary>
/// Journals written by earlier versions keep their tags in the tag table; <see cref="JournalSchema"/> moves them into the
/// journal row, so the task index and the error registry still see every old event after the upgrade.
/// </summary>
public sealed class JournalSchemaSpecs : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "ftr-schema-" + Guid.NewGuid().ToString("N"));

    public JournalSchemaSpecs() => Directory.CreateDirectory(_directory);

    private string Database => Path.Combine(_directory, "journal.db");

    private static Config TagTableMode(Config current) => ConfigurationFactory.ParseString("""
        # Earlier versions wrote through the plugin (FTR\'s writer creates the table with the tags column).
        akka.persistence.journal.sql.class = "Akka.Persistence.Sql.Journal.SqlWriteJournal, Akka.Persistence.Sql"
        akka.persistence.journal.sql.tag-write-mode = TagTable
        akka.persistence.query.journal.sql.tag-read-mode = TagTable
        """).WithFallback(current);

    [Fact]
    public async Task A_journal_with_the_tag_table_is_migrated_and_its_tagged_events_are_still_found_by_tag()
    {
        var old = ActorSystem.Create("old", TagTableMode(TestSystems.Sqlite(Database)));
        try
        {
            await EventWriter.PersistAsync(old, "task-a", new Tagged("a1", ["task"]), new Tagged("a2", ["task", "recovery"]), "untagged");
            await EventWriter.PersistAsync(old, "task-b", new Tagged("b1", ["recovery"]));
        }
        finally
        {
            await old.Terminate();
        }
        Assert.DoesNotContain(JournalSchema.TagsColumn, Columns());

        Assert.True(await JournalSchema.EnsureAsync(PersistenceOptions.Sqlite(Database), CancellationToken.None));

        Assert.Contains(JournalSchema.TagsColumn, Columns());
        var tags = RowTags();
        Assert.Equal(";task;", tags["task-a/1"]);
        Assert.Equal(["recovery", "task"], tags["task-a/2"]!.Trim(';').Split(';').Order());
        Assert.Null(tags["task-a/3"]);
        Assert.Equal(";recovery;", tags["task-b/1"]);

        var upgraded = ActorSystem.Create("upgraded", TestSystems.Sqlite(Database));
        try
        {
            await EventWriter.PersistAsync(upgraded, "task-c", new Tagged("c1", ["task"]));
            Assert.Equal(["a1", "a2", "c1"], await CurrentByTagAsync(upgraded, "task"));
            Assert.Equal(["a2", "b1"], await CurrentByTagAsync(upgraded, "recovery"));
        }
        finally
        {
            await upgraded.Terminate();
        }
    }

    [Fact]
    public async Task A_new_journal_needs_no_migration_and_a_second_call_changes_nothing()
    {
        var options = PersistenceOptions.Sqlite(Database);
        Assert.True(await JournalSchema.EnsureAsync(options, CancellationToken.None)); // no journal table yet: nothing to do
        var system = ActorSystem.Create("fresh", TestSystems.Sqlite(Database));
        try
        {
            await EventWriter.PersistAsync(system, "task-a", new Tagged("a1", ["task"]));
            Assert.True(await JournalSchema.EnsureAsync(options, CancellationToken.None));
            Assert.Equal(["a1"], await CurrentByTagAsync(system, "task"));
        }
        finally
        {
            await system.Terminate();
        }
        Assert.Equal(";task;", RowTags()["task-a/1"]);
    }

    [Fact]
    public async Task An_unreachable_database_is_reported_as_not_ready_rather_than_thrown()
    {
        var unreachable = PersistenceOptions.PostgreSql("Host=127.0.0.1;Port=1;Database=none;Username=none;Password=none;Timeout=2");
        Assert.False(await JournalSchema.EnsureAsync(unreachable, CancellationToken.None));
    }

    private static async Task<string[]> CurrentByTagAsync(ActorSystem system, string tag)
    {
        var journal = PersistenceQuery.Get(system).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier);
        var events = await journal.CurrentEventsByTag(tag, Offset.NoOffset())
            .RunWith(Sink.Seq<EventEnvelope>(), system.Materializer());
        return events.Select(e => (string)e.Event).ToArray();
    }

    private HashSet<string> Columns()
    {
        using var connection = new SqliteConnection($"Data Source={Database}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM pragma_table_info('journal')";
        using var reader = command.ExecuteReader();
        var names = new HashSet<string>();
        while (reader.Read()) names.Add(reader.GetString(0));
        return names;
    }

    private Dictionary<string, string?> RowTags()
    {
        using var connection = new SqliteConnection($"Data Source={Database}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT persistence_id || '/' || sequence_number, tags FROM journal";
        using var reader = command.ExecuteReader();
        var tags = new Dictionary<string, string?>();
        while (reader.Read()) tags[reader.GetString(0)] = reader.IsDBNull(1) ? null : reader.GetString(1);
        return tags;
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }
}
