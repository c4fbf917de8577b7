using Xunit.Abstractions;

namespace FaultTolerantRunner.Tests.Journal.Compliance;

/// <summary>
/// The compliance suite on a PostgreSQL database of its own, against FTR's own writer. Needs FTR_TEST_POSTGRES
/// (package 'postgresql'): skipped outside CI without it, mandatory in CI.
/// </summary>
public sealed class PostgresFtrJournalCompliance(PostgresJournalStore store, ITestOutputHelper output)
    : JournalComplianceSpec(store, JournalUnderTest.Ftr, output), IClassFixture<PostgresJournalStore>;
