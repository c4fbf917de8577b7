using Microsoft.Data.Sqlite;
using Npgsql;

namespace FaultTolerantRunner.Persistence;

/// <summary>Checks that the journal database answers (readiness), and prepares SQLite for concurrent readers (WAL).</summary>
public static class JournalProbe
{
    public static async Task PingAsync(PersistenceOptions options, CancellationToken cancellation)
    {
        if (options.Provider == PersistenceProvider.Sqlite)
        {
            await using var connection = new SqliteConnection(options.EffectiveConnectionString);
            await connection.OpenAsync(cancellation).ConfigureAwait(false);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT 1";
            await command.ExecuteScalarAsync(cancellation).ConfigureAwait(false);
        }
        else
        {
            await using var connection = new NpgsqlConnection(options.EffectiveConnectionString);
            await connection.OpenAsync(cancellation).ConfigureAwait(false);
            await using var command = new NpgsqlCommand("SELECT 1", connection);
            await command.ExecuteScalarAsync(cancellation).ConfigureAwait(false);
        }
    }

    /// <summary>Creates the SQLite file if needed and switches it to WAL, so the task index can read while tasks write.</summary>
    public static async Task PrepareSqliteAsync(PersistenceOptions options, CancellationToken cancellation)
    {
        if (options.Provider != PersistenceProvider.Sqlite) return;
        await using var connection = new SqliteConnection(options.EffectiveConnectionString);
        await connection.OpenAsync(cancellation).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode=WAL;";
        await command.ExecuteNonQueryAsync(cancellation).ConfigureAwait(false);
    }

    /// <summary><see cref="PrepareSqliteAsync"/> for actor systems created directly (specs, benchmarks).</summary>
    public static void PrepareSqlite(PersistenceOptions options)
    {
        if (options.Provider != PersistenceProvider.Sqlite) return;
        using var connection = new SqliteConnection(options.EffectiveConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode=WAL;";
        command.ExecuteNonQuery();
    }
}
