using Akka.Configuration;
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
                  auto-initialize = on
                }
              }
              query.journal.sql {
                connection-string = {{connection}}
                provider-name = {{provider}}
                write-plugin = "{{JournalPluginId}}"
                refresh-interval = 200ms
                journal-sequence-retrieval.query-delay = 200ms
              }
            }
            """;
        return ConfigurationFactory.ParseString(hocon);
    }

    private static string Quote(string value) =>
        "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
