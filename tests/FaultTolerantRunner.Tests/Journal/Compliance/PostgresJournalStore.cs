using System.Data.Common;
using FaultTolerantRunner.Persistence;
using Npgsql;

namespace FaultTolerantRunner.Tests.Journal.Compliance;

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
