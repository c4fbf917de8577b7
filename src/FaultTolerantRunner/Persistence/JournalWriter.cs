namespace FaultTolerantRunner.Persistence;

/// <summary>Which code writes the journal table (<c>Persistence:Journal</c>); both write the same rows, readable by either.</summary>
public enum JournalWriter
{
    /// <summary>Akka.Persistence.Sql's own journal (linq2db).</summary>
    Sql,

    /// <summary>FTR's write path: plain ADO.NET, group commit, coalesced highest-sequence reads (<c>Journal/FtrWriteJournal</c>).</summary>
    Ftr,
}
