using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace FaultTolerantRunner.Persistence;

/// <summary>
/// Keeps event tags in the journal row (Akka.Persistence.Sql's <c>tag-write-mode = Csv</c>, e.g. <c>;task;</c>) instead of the
/// separate tag table, and migrates journals written by earlier FTR versions.
/// </summary>
/// <remarks>
/// Why: with the tag table, every events-by-tag poll of the task index and the error registry ran a query whose
/// tag aggregation (as linq2db 6 translates it for SQLite and PostgreSQL) reads the whole tag table once per returned
/// row, so each poll grew with the journal and took most of a node's CPU; and every tagged event was inserted alone
/// to learn its ordering, so journal writes were never batched. With tags in the row a poll is a range scan of the
/// new rows, and a batch of events is one multi-row insert. The tag table is left in place (no longer read).
/// Every node of a cluster must run this version: an older node would still write tags to the tag table only.
/// </remarks>
public static class JournalSchema
{
    public const string TagsColumn = "tags";
    private static readonly ConcurrentDictionary<string, bool> Ready = new(StringComparer.Ordinal);

    /// <summary>
    /// Adds the tags column to a journal table that lacks it and fills it from the tag table, in one transaction.
    /// Nothing to do on a new database (the plugin creates the table with the column). Returns false when the database
    /// could not be reached or refused (the caller tries again later); idempotent, and free once it succeeded.
    /// </summary>
    public static async Task<bool> EnsureAsync(PersistenceOptions options, CancellationToken cancellation)
    {
        var key = $"{options.Provider}|{options.EffectiveConnectionString}";
        if (Ready.ContainsKey(key)) return true;
        try
        {
            if (options.Provider == PersistenceProvider.Sqlite) await MigrateSqliteAsync(options.EffectiveConnectionString, cancellation).ConfigureAwait(false);
            else await MigratePostgresAsync(options.EffectiveConnectionString, cancellation).ConfigureAwait(false);
        }
        catch (Exception e) when (e is DbException or System.Net.Sockets.SocketException or TimeoutException)
        {
            return false;
        }
        Ready[key] = true;
        return true;
    }

    private static async Task MigrateSqliteAsync(string connectionString, CancellationToken cancellation)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(cancellation).ConfigureAwait(false);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellation).ConfigureAwait(false);
        var columns = await ColumnsAsync(connection, transaction, "SELECT name FROM pragma_table_info('journal')", cancellation).ConfigureAwait(false);
        if (columns.Count == 0 || columns.Contains(TagsColumn)) return; // new database, or already migrated
        var hasTagTable = (await ColumnsAsync(connection, transaction, "SELECT name FROM pragma_table_info('tags')", cancellation).ConfigureAwait(false)).Count > 0;
        await ExecuteAsync(connection, transaction, $"ALTER TABLE journal ADD COLUMN {TagsColumn} NVarChar(100) NULL", cancellation).ConfigureAwait(false);
        if (hasTagTable)
            await ExecuteAsync(connection, transaction,
                $"UPDATE journal SET {TagsColumn} = ';' || (SELECT group_concat(t.tag, ';') FROM tags t WHERE t.ordering_id = journal.ordering) || ';' " +
                "WHERE ordering IN (SELECT ordering_id FROM tags)", cancellation).ConfigureAwait(false);
        await transaction.CommitAsync(cancellation).ConfigureAwait(false);
    }

    private static async Task MigratePostgresAsync(string connectionString, CancellationToken cancellation)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellation).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellation).ConfigureAwait(false);
        const string columnsOf = "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ";
        var columns = await ColumnsAsync(connection, transaction, columnsOf + "'journal'", cancellation).ConfigureAwait(false);
        if (columns.Count == 0 || columns.Contains(TagsColumn)) return;
        // Several nodes may start at once: the first takes the lock and migrates, the others then find the column.
        await ExecuteAsync(connection, transaction, "LOCK TABLE journal IN ACCESS EXCLUSIVE MODE", cancellation).ConfigureAwait(false);
        columns = await ColumnsAsync(connection, transaction, columnsOf + "'journal'", cancellation).ConfigureAwait(false);
        if (columns.Contains(TagsColumn)) return;
        var hasTagTable = (await ColumnsAsync(connection, transaction, columnsOf + "'tags'", cancellation).ConfigureAwait(false)).Count > 0;
        await ExecuteAsync(connection, transaction, $"ALTER TABLE journal ADD COLUMN {TagsColumn} VARCHAR(100) NULL", cancellation).ConfigureAwait(false);
        if (hasTagTable)
            await ExecuteAsync(connection, transaction,
                $"UPDATE journal j SET {TagsColumn} = ';' || s.joined || ';' " +
                "FROM (SELECT ordering_id, string_agg(tag, ';') AS joined FROM tags GROUP BY ordering_id) s WHERE s.ordering_id = j.ordering",
                cancellation).ConfigureAwait(false);
        await transaction.CommitAsync(cancellation).ConfigureAwait(false);
    }

    private static async Task<HashSet<string>> ColumnsAsync(DbConnection connection, DbTransaction transaction, string sql, CancellationToken cancellation)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        await using var reader = await command.ExecuteReaderAsync(cancellation).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellation).ConfigureAwait(false)) names.Add(reader.GetString(0));
        return names;
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction transaction, string sql, CancellationToken cancellation)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.CommandTimeout = 600;
        await command.ExecuteNonQueryAsync(cancellation).ConfigureAwait(false);
    }
}
