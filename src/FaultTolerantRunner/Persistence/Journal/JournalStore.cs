using System.Data.Common;

namespace FaultTolerantRunner.Persistence.Journal;

/// <summary>
/// The SQL of FTR's journal writer on one database: fixed statement texts (no expression building per call), shared by
/// the two stores, with what differs (creating the table, the multi-row insert, the batched highest-number read, how a
/// write transaction begins) in <see cref="SqliteJournalStore"/> and <see cref="PostgresJournalStore"/>.
/// </summary>
internal abstract class JournalStore(string connectionString)
{
    protected string ConnectionString { get; } = connectionString;

    public static JournalStore Create(PersistenceProvider provider, string connectionString) => provider switch
    {
        PersistenceProvider.Sqlite => new SqliteJournalStore(connectionString),
        PersistenceProvider.PostgreSql => new PostgresJournalStore(connectionString),
        _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, "no journal store for this provider"),
    };

    /// <summary>The literal of <c>false</c> in the <c>deleted</c> column (a boolean on PostgreSQL, 0/1 on SQLite).</summary>
    protected abstract string False { get; }

    protected abstract string True { get; }

    protected abstract DbConnection NewConnection();

    /// <summary>Creates the journal table and its indexes as the plugin does, when they do not exist yet.</summary>
    public abstract Task CreateTablesAsync(CancellationToken cancellation);

    /// <summary>A transaction that holds the write lock from its start (SQLite) or an ordinary one (PostgreSQL).</summary>
    public abstract Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellation);

    /// <summary>Inserts the rows in order within the transaction; the database assigns their orderings ascending.</summary>
    public abstract Task InsertAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<JournalRow> rows, CancellationToken cancellation);

    /// <summary>The highest sequence number of each id that has rows (deleted rows included); ids without rows are absent.</summary>
    public abstract Task<Dictionary<string, long>> HighestAsync(DbConnection connection, IReadOnlyCollection<string> ids, CancellationToken cancellation);

    public async Task<DbConnection> OpenAsync(CancellationToken cancellation)
    {
        var connection = NewConnection();
        try
        {
            await connection.OpenAsync(cancellation).ConfigureAwait(false);
            await OnOpenedAsync(connection, cancellation).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    protected virtual Task OnOpenedAsync(DbConnection connection, CancellationToken cancellation) => Task.CompletedTask;

    /// <summary>The live rows of one id in a range, ascending, at most <paramref name="max"/>.</summary>
    public async Task ReplayAsync(string persistenceId, long from, long to, long max, Action<ReplayedRow> each, CancellationToken cancellation)
    {
        await using var connection = await OpenAsync(cancellation).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText =
            "SELECT sequence_number, message, manifest, identifier, writer_uuid, created FROM journal " +
            $"WHERE persistence_id = @id AND sequence_number >= @from AND sequence_number <= @to AND deleted = {False} " +
            "ORDER BY sequence_number LIMIT @max";
        Add(command, "@id", persistenceId);
        Add(command, "@from", from);
        Add(command, "@to", to);
        Add(command, "@max", max);
        await using var reader = await command.ExecuteReaderAsync(cancellation).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellation).ConfigureAwait(false))
        {
            each(new ReplayedRow(
                reader.GetInt64(0),
                (byte[])reader.GetValue(1),
                reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetInt32(3),
                reader.IsDBNull(4) ? null : reader.GetString(4),
                reader.GetInt64(5)));
        }
    }

    /// <summary>
    /// Akka's logical delete, as the plugin does it: rows up to <paramref name="to"/> are marked deleted and all but the
    /// highest of them removed, so the highest sequence number survives the delete.
    /// </summary>
    public async Task DeleteAsync(string persistenceId, long to, CancellationToken cancellation)
    {
        await using var connection = await OpenAsync(cancellation).ConfigureAwait(false);
        await using var transaction = await BeginWriteAsync(connection, cancellation).ConfigureAwait(false);
        await using (var mark = Command(connection, transaction,
                         $"UPDATE journal SET deleted = {True} WHERE persistence_id = @id AND sequence_number <= @to"))
        {
            Add(mark, "@id", persistenceId);
            Add(mark, "@to", to);
            await mark.ExecuteNonQueryAsync(cancellation).ConfigureAwait(false);
        }
        await using (var remove = Command(connection, transaction,
                         "DELETE FROM journal WHERE persistence_id = @id AND sequence_number <= @to AND sequence_number < " +
                         $"(SELECT COALESCE(MAX(sequence_number), 0) FROM journal WHERE persistence_id = @id AND deleted = {True})"))
        {
            Add(remove, "@id", persistenceId);
            Add(remove, "@to", to);
            await remove.ExecuteNonQueryAsync(cancellation).ConfigureAwait(false);
        }
        await transaction.CommitAsync(cancellation).ConfigureAwait(false);
    }

    protected static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }

    protected static DbParameter Add(DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
        return parameter;
    }
}

/// <summary>A journal row as replay reads it (the id is the one asked for).</summary>
internal readonly record struct ReplayedRow(long SequenceNumber, byte[] Message, string? Manifest, int? Identifier, string? WriterUuid, long Created);
