using Akka.Configuration;
using Akka.Persistence.Sql;
using FaultTolerantRunner.Serialization;
using FaultTolerantRunner.Tasks;

namespace FaultTolerantRunner.Persistence;

/// <summary>
/// Akka.Persistence.Sql configured in HOCON (its Hosting package is not available): journal, snapshot store and
/// read journal on one connection, task events tagged for the task index, and FTR's serializer bound.
/// </summary>
public static class PersistenceHocon
{
    public const string JournalPluginId = "akka.persistence.journal.sql";
    public const string SnapshotPluginId = "akka.persistence.snapshot-store.sql";

    public static Config Build(PersistenceOptions options)
    {
        var connection = Quote(options.EffectiveConnectionString);
        var provider = Quote(options.ProviderName);
        // SQLite allows one writer at a time: one journal writer batches instead of contending for the lock.
        var parallelism = options.Provider == PersistenceProvider.Sqlite ? 1 : 3;
        // Microsoft.Data.Sqlite opens a transaction of the default (serializable) level with BEGIN IMMEDIATE, i.e. it takes
        // the write lock, and answers a busy database by sleeping 150 ms. Every entity start reads its snapshot and highest
        // sequence number in such a transaction, so reads queued behind the journal writer for 150 ms at a time (the
        // measured SQLite bottleneck). read-uncommitted makes it a deferred BEGIN: under WAL a reader sees the last commit
        // and never blocks or waits for the writer. (Without shared cache SQLite never reads uncommitted data.)
        var readIsolation = options.Provider == PersistenceProvider.Sqlite ? "read-uncommitted" : "unspecified";
        var hocon = $$"""
            akka.actor {
              serializers.ftr = "{{typeof(FtrJsonSerializer).FullName}}, {{typeof(FtrJsonSerializer).Assembly.GetName().Name}}"
              serialization-bindings {
                "{{typeof(IFtrSerializable).FullName}}, {{typeof(IFtrSerializable).Assembly.GetName().Name}}" = ftr
              }
            }
            akka.persistence {
              journal {
                plugin = "{{JournalPluginId}}"
                sql {
                  class = "Akka.Persistence.Sql.Journal.SqlWriteJournal, Akka.Persistence.Sql"
                  connection-string = {{connection}}
                  provider-name = {{provider}}
                  auto-initialize = on
                  parallelism = {{parallelism}}
                  read-isolation-level = {{readIsolation}}
                  # Tags in the journal row, not the tag table: see JournalSchema.
                  tag-write-mode = Csv
                  event-adapters {
                    task-tagger = "{{typeof(TaskEventTagger).FullName}}, {{typeof(TaskEventTagger).Assembly.GetName().Name}}"
                    recovery-tagger = "{{typeof(Recovery.RecoveryEventTagger).FullName}}, {{typeof(Recovery.RecoveryEventTagger).Assembly.GetName().Name}}"
                  }
                  event-adapter-bindings {
                    "{{typeof(ITaskEvent).FullName}}, {{typeof(ITaskEvent).Assembly.GetName().Name}}" = task-tagger
                    "{{typeof(Recovery.IRecoveryEvent).FullName}}, {{typeof(Recovery.IRecoveryEvent).Assembly.GetName().Name}}" = recovery-tagger
                  }
                }
              }
              snapshot-store {
                plugin = "{{SnapshotPluginId}}"
                sql {
                  class = "Akka.Persistence.Sql.Snapshot.SqlSnapshotStore, Akka.Persistence.Sql"
                  connection-string = {{connection}}
                  provider-name = {{provider}}
                  read-isolation-level = {{readIsolation}}
                  auto-initialize = on
                }
              }
              query.journal.sql {
                connection-string = {{connection}}
                provider-name = {{provider}}
                write-plugin = "{{JournalPluginId}}"
                read-isolation-level = {{readIsolation}}
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
            }
            """;
        return ConfigurationFactory.ParseString(hocon);
    }

    /// <summary>
    /// <see cref="Build"/> over the plugin's own defaults: the whole persistence configuration of an actor system created
    /// directly (specs, benchmarks). The hosted node adds the two layers separately, around the embedder's configuration.
    /// </summary>
    public static Config Standalone(PersistenceOptions options) => Build(options).WithFallback(SqlPersistence.DefaultConfiguration);

    private static string Quote(string value) =>
        "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
