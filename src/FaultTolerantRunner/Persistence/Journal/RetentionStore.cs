using System.Data.Common;

namespace FaultTolerantRunner.Persistence.Journal;

/// <summary>
/// Retention's SQL, straight on the journal table (a hard delete of every row of a task; task entities keep no snapshots)
/// and on <c>ftr_pruned</c>, one small tombstone row per pruned task written in the same transaction as its delete, so a
/// pruned task is never just gone without its tombstone. Portable SQL: the same statements run on SQLite and PostgreSQL.
/// </summary>
internal sealed class RetentionStore(JournalStore store)
{
    public async Task CreateTableAsync(CancellationToken cancellation)
    {
        await using var connection = await store.OpenAsync(cancellation).ConfigureAwait(false);
        await using var command = Command(connection, null,
            "CREATE TABLE IF NOT EXISTS ftr_pruned (persistence_id VARCHAR(255) NOT NULL PRIMARY KEY, pruned_at BIGINT NOT NULL, setting VARCHAR(255) NOT NULL)");
        await command.ExecuteNonQueryAsync(cancellation).ConfigureAwait(false);
    }

    /// <summary>Deletes the tasks' rows and writes their tombstones in one transaction; returns the journal rows deleted.</summary>
    public async Task<int> PruneAsync(IReadOnlyList<(string PersistenceId, string Setting)> tasks, DateTimeOffset at, CancellationToken cancellation)
    {
        await using var connection = await store.OpenAsync(cancellation).ConfigureAwait(false);
        await using var transaction = await store.BeginWriteAsync(connection, cancellation).ConfigureAwait(false);
        await using var delete = Command(connection, transaction, "DELETE FROM journal WHERE persistence_id = @id");
        var deleteId = Add(delete, "@id", "");
        await using var tombstone = Command(connection, transaction,
            "INSERT INTO ftr_pruned (persistence_id, pruned_at, setting) VALUES (@id, @at, @setting) ON CONFLICT (persistence_id) DO NOTHING");
        var tombstoneId = Add(tombstone, "@id", "");
        Add(tombstone, "@at", at.ToUnixTimeMilliseconds());
        var setting = Add(tombstone, "@setting", "");
        var rows = 0;
        foreach (var task in tasks)
        {
            deleteId.Value = task.PersistenceId;
            rows += await delete.ExecuteNonQueryAsync(cancellation).ConfigureAwait(false);
            tombstoneId.Value = task.PersistenceId;
            setting.Value = task.Setting;
            await tombstone.ExecuteNonQueryAsync(cancellation).ConfigureAwait(false);
        }
        await transaction.CommitAsync(cancellation).ConfigureAwait(false);
        return rows;
    }

    /// <summary>When and under which setting the task was pruned, or null when it was not (or its tombstone has expired).</summary>
    public async Task<(DateTimeOffset At, string Setting)?> TombstoneAsync(string persistenceId, CancellationToken cancellation)
    {
        await using var connection = await store.OpenAsync(cancellation).ConfigureAwait(false);
        await using var command = Command(connection, null, "SELECT pruned_at, setting FROM ftr_pruned WHERE persistence_id = @id");
        Add(command, "@id", persistenceId);
        await using var reader = await command.ExecuteReaderAsync(cancellation).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellation).ConfigureAwait(false)) return null;
        return (DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(0)), reader.GetString(1));
    }

    /// <summary>Drops tombstones written before <paramref name="before"/>: they are kept one retention period, which bounds the table.</summary>
    public async Task<int> ForgetTombstonesAsync(DateTimeOffset before, CancellationToken cancellation)
    {
        await using var connection = await store.OpenAsync(cancellation).ConfigureAwait(false);
        await using var command = Command(connection, null, "DELETE FROM ftr_pruned WHERE pruned_at < @before");
        Add(command, "@before", before.ToUnixTimeMilliseconds());
        return await command.ExecuteNonQueryAsync(cancellation).ConfigureAwait(false);
    }

    /// <summary>The journal's row count, for the <c>ftr_journal_rows</c> gauge.</summary>
    public async Task<long> RowsAsync(CancellationToken cancellation)
    {
        await using var connection = await store.OpenAsync(cancellation).ConfigureAwait(false);
        await using var command = Command(connection, null, "SELECT COUNT(*) FROM journal");
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellation).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }

    private static DbParameter Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
        return parameter;
    }
}
