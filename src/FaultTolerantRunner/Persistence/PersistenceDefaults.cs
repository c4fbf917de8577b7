namespace FaultTolerantRunner.Persistence;

/// <summary>The defaults of <see cref="PersistenceOptions"/> (section <c>Persistence</c>), stated once: an embedded SQLite file.</summary>
public static class PersistenceDefaults
{
    public const PersistenceProvider Provider = PersistenceProvider.Sqlite;

    public const JournalWriter Journal = JournalWriter.Ftr;

    public const string SqlitePath = "data/ftr.db";

    public const string ConnectionString = $"Data Source={SqlitePath}";
}
