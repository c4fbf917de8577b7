using Xunit.Abstractions;

namespace FaultTolerantRunner.Tests.Journal.Compliance;

/// <summary>The compliance suite on a SQLite file, against FTR's own writer.</summary>
public sealed class SqliteFtrJournalCompliance(SqliteJournalStore store, ITestOutputHelper output)
    : JournalComplianceSpec(store, JournalUnderTest.Ftr, output), IClassFixture<SqliteJournalStore>;
