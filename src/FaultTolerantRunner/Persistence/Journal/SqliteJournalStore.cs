using System.Data.Common;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace FaultTolerantRunner.Persistence.Journal;

/// <summary>
/// The journal on an SQLite file: one writer at a time (the write lock taken at BEGIN, so a group never fails half way for
/// a busy database), WAL with synchronous=FULL so a commit is on disk before it is confirmed.
/// </summary>
internal sealed class SqliteJournalStore(string connectionString) : JournalStore(connectionString)
{
    protected override string False => "0";

    protected override string True => "1";

    protected override DbConnection NewConnection() => new SqliteConnection(ConnectionString);

    protected override async Task OnOpenedAsync(DbConnection connection, CancellationToken cancellation)
    {
        await using var command = Command(connection, null, "PRAGMA synchronous=FULL;");
        await command.ExecuteNonQueryAsync(cancellation).ConfigureAwait(false);
    }

    // The plugin's DDL for SQLite (as linq2db creates it), so either writer can open a journal the other created.
    public override async Task CreateTablesAsync(CancellationToken cancellation)
    {
        await using var connection = await OpenAsync(cancellation).ConfigureAwait(false);
        await using var command = Command(connection, null, """
            CREATE TABLE IF NOT EXISTS [journal]
            (
                [ordering]        INTEGER        NOT NULL PRIMARY KEY AUTOINCREMENT,
                [created]         INTEGER        NOT NULL,
                [deleted]         Bit            NOT NULL,
                [persistence_id]  NVarChar(255)  NOT NULL,
                [sequence_number] INTEGER        NOT NULL,
                [message]         VarBinary      NOT NULL,
                [tags]            NVarChar(100)      NULL,
                [manifest]        NVarChar(500)      NULL,
                [identifier]      INTEGER            NULL,
                [writer_uuid]     NVarChar(128)      NULL
            );
            CREATE UNIQUE INDEX IF NOT EXISTS journal_uq ON journal (persistence_id, sequence_number);
            CREATE INDEX IF NOT EXISTS journal_created_idx ON journal (created);
            CREATE INDEX IF NOT EXISTS journal_sequence_number_idx ON journal (sequence_number);
            """);
        await command.ExecuteNonQueryAsync(cancellation).ConfigureAwait(false);
    }

    // BEGIN IMMEDIATE (Microsoft.Data.Sqlite has no asynchronous form; the database is in-process).
    public override Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellation) =>
        Task.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(deferred: false));

    // In-process: one prepared single-row insert executed per row costs less than building a multi-row statement.
    public override async Task InsertAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<JournalRow> rows, CancellationToken cancellation)
    {
        await using var command = Command(connection, transaction,
            "INSERT INTO journal (created, deleted, persistence_id, sequence_number, message, tags, manifest, identifier, writer_uuid) " +
            "VALUES (@created, 0, @id, @seq, @message, @tags, @manifest, @identifier, @writer)");
        var created = Add(command, "@created", 0L);
        var id = Add(command, "@id", "");
        var seq = Add(command, "@seq", 0L);
        var message = Add(command, "@message", Array.Empty<byte>());
        var tags = Add(command, "@tags", "");
        var manifest = Add(command, "@manifest", "");
        var identifier = Add(command, "@identifier", 0);
        var writer = Add(command, "@writer", "");
        await command.PrepareAsync(cancellation).ConfigureAwait(false);
        foreach (var row in rows)
        {
            created.Value = row.Created;
            id.Value = row.PersistenceId;
            seq.Value = row.SequenceNumber;
            message.Value = row.Message;
            tags.Value = row.Tags;
            manifest.Value = row.Manifest;
            identifier.Value = row.Identifier;
            writer.Value = row.WriterUuid;
            await command.ExecuteNonQueryAsync(cancellation).ConfigureAwait(false);
        }
    }

    public override async Task<Dictionary<string, long>> HighestAsync(DbConnection connection, IReadOnlyCollection<string> ids, CancellationToken cancellation)
    {
        // One statement text for any number of ids: the ids travel as one JSON array parameter.
        await using var command = Command(connection, null,
            "SELECT persistence_id, MAX(sequence_number) FROM journal " +
            "WHERE persistence_id IN (SELECT value FROM json_each(@ids)) GROUP BY persistence_id");
        Add(command, "@ids", JsonSerializer.Serialize(ids));
        var highest = new Dictionary<string, long>(ids.Count, StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellation).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellation).ConfigureAwait(false)) highest[reader.GetString(0)] = reader.GetInt64(1);
        return highest;
    }
}
