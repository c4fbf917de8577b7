using System.Data.Common;
using FaultTolerantRunner.Persistence;
using Microsoft.Data.Sqlite;

namespace FaultTolerantRunner.Tests.Journal.Compliance;

/// <summary>A SQLite file of its own (WAL, as the node prepares it).</summary>
public sealed class SqliteJournalStore : JournalStore
{
    private readonly TempDatabase _database = new();

    public override PersistenceOptions Options => PersistenceOptions.Sqlite(_database.Path);

    public override DbConnection Connect() => new SqliteConnection(Options.EffectiveConnectionString);

    public override Task InitializeAsync() => JournalProbe.PrepareSqliteAsync(Options, CancellationToken.None);

    public override Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        _database.Dispose();
        return Task.CompletedTask;
    }
}
