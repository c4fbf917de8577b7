using System.Data.Common;
using Npgsql;
using NpgsqlTypes;

namespace FaultTolerantRunner.Persistence.Journal;

/// <summary>
/// The journal on PostgreSQL: a group of rows is one <c>INSERT … SELECT FROM unnest(arrays)</c>, a single statement of fixed
/// text (prepared once per connection) whatever the group's size; highest sequence numbers of many ids are one
/// <c>= ANY(array)</c> query.
/// </summary>
internal sealed class PostgresJournalStore(string connectionString) : JournalStore(WithPreparation(connectionString))
{
    /// <summary>Arbitrary key of the advisory lock that serializes table creation between nodes starting together.</summary>
    private const long CreateLock = 0x46_54_52_4A_4F_55_52; // "FTRJOUR"

    protected override string False => "false";

    protected override string True => "true";

    // Npgsql prepares the statements it sees repeatedly on each pooled connection (server-side plans, no re-parsing).
    private static string WithPreparation(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (builder.MaxAutoPrepare == 0) builder.MaxAutoPrepare = 16;
        return builder.ConnectionString;
    }

    protected override DbConnection NewConnection() => new NpgsqlConnection(ConnectionString);

    // The plugin's DDL for PostgreSQL (as linq2db creates it), so either writer can open a journal the other created.
    public override async Task CreateTablesAsync(CancellationToken cancellation)
    {
        await using var connection = await OpenAsync(cancellation).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellation).ConfigureAwait(false);
        await using var command = Command(connection, transaction, $"""
            SELECT pg_advisory_xact_lock({CreateLock});
            CREATE TABLE IF NOT EXISTS journal (
                ordering bigint GENERATED ALWAYS AS IDENTITY CONSTRAINT "PK_journal" PRIMARY KEY,
                created bigint NOT NULL,
                deleted boolean NOT NULL,
                persistence_id text NOT NULL,
                sequence_number bigint NOT NULL,
                message bytea NOT NULL,
                tags text,
                manifest text,
                identifier integer,
                writer_uuid text,
                CONSTRAINT journal_uq UNIQUE (persistence_id, sequence_number)
            );
            CREATE INDEX IF NOT EXISTS journal_created_idx ON journal (created);
            CREATE INDEX IF NOT EXISTS journal_sequence_number_idx ON journal (sequence_number);
            """);
        await command.ExecuteNonQueryAsync(cancellation).ConfigureAwait(false);
        await transaction.CommitAsync(cancellation).ConfigureAwait(false);
    }

    public override async Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellation) =>
        await connection.BeginTransactionAsync(cancellation).ConfigureAwait(false);

    public override async Task InsertAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<JournalRow> rows, CancellationToken cancellation)
    {
        var count = rows.Count;
        var created = new long[count];
        var ids = new string[count];
        var seqs = new long[count];
        var messages = new byte[count][];
        var tags = new string[count];
        var manifests = new string[count];
        var identifiers = new int[count];
        var writers = new string[count];
        for (var i = 0; i < count; i++)
        {
            var row = rows[i];
            (created[i], ids[i], seqs[i], messages[i]) = (row.Created, row.PersistenceId, row.SequenceNumber, row.Message);
            (tags[i], manifests[i], identifiers[i], writers[i]) = (row.Tags, row.Manifest, row.Identifier, row.WriterUuid);
        }
        // WITH ORDINALITY + ORDER BY: the orderings follow the order of the rows (an actor's events ascend in both).
        await using var command = new NpgsqlCommand(
            "INSERT INTO journal (created, deleted, persistence_id, sequence_number, message, tags, manifest, identifier, writer_uuid) " +
            "SELECT c, false, p, s, m, t, f, i, w FROM unnest(@created, @ids, @seqs, @messages, @tags, @manifests, @identifiers, @writers) " +
            "WITH ORDINALITY AS r(c, p, s, m, t, f, i, w, n) ORDER BY n",
            (NpgsqlConnection)connection, (NpgsqlTransaction)transaction);
        command.Parameters.Add(new NpgsqlParameter<long[]>("created", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { TypedValue = created });
        command.Parameters.Add(new NpgsqlParameter<string[]>("ids", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = ids });
        command.Parameters.Add(new NpgsqlParameter<long[]>("seqs", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { TypedValue = seqs });
        command.Parameters.Add(new NpgsqlParameter<byte[][]>("messages", NpgsqlDbType.Array | NpgsqlDbType.Bytea) { TypedValue = messages });
        command.Parameters.Add(new NpgsqlParameter<string[]>("tags", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = tags });
        command.Parameters.Add(new NpgsqlParameter<string[]>("manifests", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = manifests });
        command.Parameters.Add(new NpgsqlParameter<int[]>("identifiers", NpgsqlDbType.Array | NpgsqlDbType.Integer) { TypedValue = identifiers });
        command.Parameters.Add(new NpgsqlParameter<string[]>("writers", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = writers });
        await command.ExecuteNonQueryAsync(cancellation).ConfigureAwait(false);
    }

    public override async Task<Dictionary<string, long>> HighestAsync(DbConnection connection, IReadOnlyCollection<string> ids, CancellationToken cancellation)
    {
        await using var command = new NpgsqlCommand(
            "SELECT persistence_id, MAX(sequence_number) FROM journal WHERE persistence_id = ANY(@ids) GROUP BY persistence_id",
            (NpgsqlConnection)connection);
        command.Parameters.Add(new NpgsqlParameter<string[]>("ids", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = [.. ids] });
        var highest = new Dictionary<string, long>(ids.Count, StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellation).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellation).ConfigureAwait(false)) highest[reader.GetString(0)] = reader.GetInt64(1);
        return highest;
    }
}
