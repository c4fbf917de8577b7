using Akka.Configuration;
using FaultTolerantRunner.Persistence;

namespace FaultTolerantRunner.Tests.Journal.Compliance;

/// <summary>
/// A journal write path the compliance suite holds to its bar: its name (also the batch writer child's argument) and the
/// actor-system configuration that selects it on a store. The read side (events by tag, persistence ids) is always the plugin's.
/// </summary>
public sealed record JournalUnderTest(string Name, Func<PersistenceOptions, Config> Config)
{
    /// <summary>Akka.Persistence.Sql's own writer, configured as FTR configures it (CSV tags in the row).</summary>
    public static readonly JournalUnderTest Sql = new("sql", options => EventWriter.Config(With(options, JournalWriter.Sql)));

    /// <summary>FTR's write path (group commit, coalesced highest-sequence reads) into the same table.</summary>
    public static readonly JournalUnderTest Ftr = new("ftr", options => EventWriter.Config(With(options, JournalWriter.Ftr)));

    public static PersistenceOptions With(PersistenceOptions options, JournalWriter writer) =>
        new() { Provider = options.Provider, ConnectionString = options.ConnectionString, Journal = writer };
}
