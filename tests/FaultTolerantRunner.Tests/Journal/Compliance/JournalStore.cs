using System.Data.Common;
using FaultTolerantRunner.Persistence;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace FaultTolerantRunner.Tests.Journal.Compliance;

/// <summary>
/// The database a compliance class runs on, shared by its tests (each test writes its own persistence ids and tags),
/// with a plain ADO.NET connection for checks that must not trust the journal's own read path.
/// </summary>
public abstract class JournalStore : IAsyncLifetime
{
    public abstract PersistenceOptions Options { get; }

    public abstract DbConnection Connect();

    public abstract Task InitializeAsync();

    public abstract Task DisposeAsync();
}

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

/// <summary>
/// A PostgreSQL database of its own. Without <c>FTR_TEST_POSTGRES</c> none is created (the tests are skipped, or in CI fail
/// naming the package when they ask for <see cref="Options"/>).
/// </summary>
public sealed class PostgresJournalStore : JournalStore
{
    private PostgresDatabase? _database;

    public override PersistenceOptions Options =>
        PersistenceOptions.PostgreSql((_database ?? throw new Xunit.Sdk.XunitException(PostgresDatabase.Absence)).ConnectionString);

    public override DbConnection Connect() => new NpgsqlConnection(Options.EffectiveConnectionString);

    public override async Task InitializeAsync()
    {
        if (PostgresDatabase.AdminConnectionString is not null) _database = await PostgresDatabase.CreateAsync();
    }

    public override async Task DisposeAsync()
    {
        if (_database is not null) await _database.DisposeAsync();
    }
}
