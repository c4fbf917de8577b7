namespace FaultTolerantRunner.Persistence.Journal;

/// <summary>
/// One row of Akka.Persistence.Sql's journal table, as FTR's writer writes and reads it. The columns and their meaning are
/// the plugin's (<c>tag-write-mode = Csv</c>, writer UUID on): rows either writer wrote are read back by the other, by the
/// plugin's query side and by an operator switching <c>Persistence:Journal</c> on an existing database.
/// </summary>
internal sealed record JournalRow(
    string PersistenceId,
    long SequenceNumber,
    long Created,
    byte[] Message,
    string Tags,
    string Manifest,
    int Identifier,
    string WriterUuid);
