using Akka.TestKit.Xunit2;
using Xunit.Abstractions;

namespace FaultTolerantRunner.Tests.Support;

/// <summary>A TestKit spec whose actor system journals to a fresh SQLite file of its own, removed after the spec.</summary>
public abstract class SqliteSpec : TestKit
{
    protected SqliteSpec(string systemName, ITestOutputHelper output) : this(new TempDatabase(), systemName, output)
    {
    }

    private SqliteSpec(TempDatabase database, string systemName, ITestOutputHelper output)
        : base(TestSystems.Sqlite(database.Path), systemName, output)
    {
        Database = database;
    }

    protected TempDatabase Database { get; }

    protected override void AfterAll()
    {
        base.AfterAll();
        Database.Dispose();
    }
}
