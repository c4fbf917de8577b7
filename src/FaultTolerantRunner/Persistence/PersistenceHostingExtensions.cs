using Akka.Configuration;
using Akka.Hosting;
using Akka.Persistence.Hosting;
using Akka.Persistence.Sql;
using FaultTolerantRunner.Serialization;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FaultTolerantRunner.Persistence;

/// <summary>
/// The journal, snapshot store and read journal on one connection, and FTR's serializer bound. Event adapters are not
/// here: each feature brings the tagger of its own events (<c>WithTaskEventTagger</c>, <c>WithRecoveryEventTagger</c>)
/// through the journal configuration passed in.
/// </summary>
public static class PersistenceHostingExtensions
{
    /// <summary>Tags of the journal health check (an embedder's <c>AddHealthChecks()</c> picks it up).</summary>
    public static readonly IReadOnlyList<string> HealthCheckTags = ["ftr", "journal", "ready"];

    internal static AkkaConfigurationBuilder WithFtrPersistence(this AkkaConfigurationBuilder builder, PersistenceOptions options,
        Action<AkkaPersistenceJournalBuilder> journal)
    {
        builder.AddHocon(SerializerHocon, HoconAddMode.Prepend);
        builder.WithJournal(new FtrJournalOptions(options), typed =>
        {
            typed.WithHealthCheck(HealthStatus.Unhealthy, "ftr-journal", HealthCheckTags);
            journal(typed);
        });
        builder.WithSnapshot(new FtrSnapshotOptions(options));
        builder.AddHocon(ReadJournalHocon(options), HoconAddMode.Prepend);
        // The plugin's own defaults beneath everything (read journal included, which has no typed options).
        return builder.AddHocon(SqlPersistence.DefaultConfiguration, HoconAddMode.Append);
    }

    private static Config SerializerHocon => ConfigurationFactory.ParseString($$"""
        akka.actor {
          serializers.ftr = "{{typeof(FtrJsonSerializer).FullName}}, {{typeof(FtrJsonSerializer).Assembly.GetName().Name}}"
          serialization-bindings {
            "{{typeof(IFtrSerializable).FullName}}, {{typeof(IFtrSerializable).Assembly.GetName().Name}}" = ftr
          }
        }
        """);

    private static Config ReadJournalHocon(PersistenceOptions options) => ConfigurationFactory.ParseString($$"""
        akka.persistence.query.journal.sql {
          connection-string = {{SqlHocon.Quote(options.EffectiveConnectionString)}}
          provider-name = {{SqlHocon.Quote(options.ProviderName)}}
          write-plugin = "{{FtrJournalOptions.PluginPath}}"
          read-isolation-level = {{SqlHocon.ReadIsolation(options)}}
          tag-read-mode = Csv
          refresh-interval = 200ms
          # Readers by tag (task index, error registry) read up to the highest ordering with no gap below it. On
          # PostgreSQL a row takes its ordering at insert and several writers commit in any order, so a gap is often
          # an event still in flight; it is given up (skipped for good) only after max-tries x query-delay. The
          # plugin's default is 10 x 1 s; at 200 ms the tries must be 50 to wait as long. (10 x 200 ms skipped events
          # committed more than 2 s late: a task the index never saw is never woken after its node dies.)
          journal-sequence-retrieval.query-delay = 200ms
          journal-sequence-retrieval.max-tries = 50
        }
        """);
}
