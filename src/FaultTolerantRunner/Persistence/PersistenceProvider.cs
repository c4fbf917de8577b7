namespace FaultTolerantRunner.Persistence;

/// <summary>Where journals and snapshots live: an embedded SQLite file, or a shared PostgreSQL for several nodes.</summary>
public enum PersistenceProvider
{
    Sqlite,
    PostgreSql,
}
