using Akka.Actor;
using Akka.Configuration;
using Akka.Persistence;
using FaultTolerantRunner.Hosting;
using FaultTolerantRunner.Persistence;
using Microsoft.Data.Sqlite;

namespace FaultTolerantRunner.Embedding.Tests;

/// <summary>A SQLite journal as FTR versions before the tags column wrote it (tags in the tag table), with one event in it.</summary>
public static class OldJournal
{
    public static async Task CreateAsync(string path)
    {
        var config = ConfigurationFactory.ParseString("""
                akka.loglevel = WARNING
                # Earlier versions wrote through the plugin (FTR\'s writer creates the table with the tags column).
                akka.persistence.journal.sql.class = "Akka.Persistence.Sql.Journal.SqlWriteJournal, Akka.Persistence.Sql"
                akka.persistence.journal.sql.tag-write-mode = TagTable
                """)
            .WithFallback(RunnerHocon.Standalone(PersistenceOptions.Sqlite(path)));
        var system = ActorSystem.Create("old", config);
        try
        {
            var writer = system.ActorOf(Props.Create(() => new Writer()));
            Assert.Equal("written", await writer.Ask<string>("write", TimeSpan.FromSeconds(30)));
        }
        finally
        {
            await system.Terminate();
        }
    }

    public static IReadOnlySet<string> Columns(string path)
    {
        using var connection = new SqliteConnection($"Data Source={path}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM pragma_table_info('journal')";
        using var reader = command.ExecuteReader();
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        while (reader.Read()) names.Add(reader.GetString(0));
        return names;
    }

    private sealed class Writer : ReceivePersistentActor
    {
        public Writer() => Command<string>(_ => Persist("an old event", _ => Sender.Tell("written")));

        public override string PersistenceId => "old-writer";
    }
}
