using System.Data.Common;
using FaultTolerantRunner.Persistence;

namespace FaultTolerantRunner.Tests.Journal.Compliance;

/// <summary>
/// The database a compliance class runs on, shared by its tests (each test writes its own persistence ids and tags),
/// with a plain ADO.NET connection for checks that must not trust the journal's own read path.
/// </summary>
public abstract class JournalStore : IAsyncLifetime
{
    public abstract PersistenceOptions Options { get; }

    public abstract DbConnection Connect();

    public abstract Task InitializeAsync();

    public abstract Task DisposeAsync();
}
