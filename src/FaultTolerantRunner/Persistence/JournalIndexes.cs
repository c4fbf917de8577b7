using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace FaultTolerantRunner.Persistence;

/// <summary>
/// Indexes FTR adds to the tables Akka.Persistence.Sql creates. The plugin indexes the tag table by tag alone, so an
/// events-by-tag poll ("tag = 'task' and ordering after X") read every row ever written with that tag: the task index
/// and the error registry polled the whole history several times a second, which made each poll slower the longer the
/// node ran and took most of a node's CPU under load. An index on (tag, ordering) makes the poll read only new rows.
/// </summary>
public static class JournalIndexes
{
    public const string TagOrderingIndex = "ftr_tags_tag_ordering_idx";
    private static readonly ConcurrentDictionary<string, bool> Ensured = new(StringComparer.Ordinal);

    /// <summary>
    /// Creates the index once the plugin has created its tables (it does so when the journal starts, so the first call
    /// after start may find no table yet and returns false: call it again later); false too when the database refused, which the next call retries. Idempotent and cheap once done.
    /// </summary>
    public static async Task<bool> EnsureAsync(PersistenceOptions options, CancellationToken cancellation)
    {
        var key = $"{options.Provider}|{options.EffectiveConnectionString}";
        if (Ensured.ContainsKey(key)) return true;
        bool done;
        try
        {
            done = options.Provider == PersistenceProvider.Sqlite
                ? await EnsureSqliteAsync(options.EffectiveConnectionString, cancellation).ConfigureAwait(false)
                : await EnsurePostgresAsync(options.EffectiveConnectionString, cancellation).ConfigureAwait(false);
        }
        catch (System.Data.Common.DbException)
        {
            // Only an optimisation: never let it fail the journal check (which would pause intake). Tried again next time.
            return false;
        }
        if (done) Ensured[key] = true;
        return done;
    }

    private static async Task<bool> EnsureSqliteAsync(string connectionString, CancellationToken cancellation)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(cancellation).ConfigureAwait(false);
        await using var exists = connection.CreateCommand();
        exists.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'tags'";
        if (Convert.ToInt64(await exists.ExecuteScalarAsync(cancellation).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture) == 0)
            return false;
        await using var create = connection.CreateCommand();
        create.CommandText = $"CREATE INDEX IF NOT EXISTS {TagOrderingIndex} ON tags (tag, ordering_id)";
        await create.ExecuteNonQueryAsync(cancellation).ConfigureAwait(false);
        return true;
    }

    private static async Task<bool> EnsurePostgresAsync(string connectionString, CancellationToken cancellation)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellation).ConfigureAwait(false);
        await using (var exists = new NpgsqlCommand("SELECT to_regclass('tags') IS NOT NULL", connection))
        {
            if (await exists.ExecuteScalarAsync(cancellation).ConfigureAwait(false) is not true) return false;
        }
        await using var create = new NpgsqlCommand($"CREATE INDEX IF NOT EXISTS {TagOrderingIndex} ON tags (tag, ordering_id)", connection);
        try
        {
            await create.ExecuteNonQueryAsync(cancellation).ConfigureAwait(false);
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.DuplicateTable)
        {
            // Two nodes creating it at the same moment: the other one won, the index is there.
        }
        return true;
    }
}
