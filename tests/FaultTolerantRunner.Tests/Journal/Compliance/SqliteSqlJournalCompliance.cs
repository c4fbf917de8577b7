using Xunit.Abstractions;

namespace FaultTolerantRunner.Tests.Journal.Compliance;

/// <summary>The compliance suite on a SQLite file, against Akka.Persistence.Sql's writer.</summary>
public sealed class SqliteSqlJournalCompliance(SqliteJournalStore store, ITestOutputHelper output)
    : JournalComplianceSpec(store, JournalUnderTest.Sql, output), IClassFixture<SqliteJournalStore>;
