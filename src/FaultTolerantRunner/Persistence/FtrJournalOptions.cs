using System.Text;
using Akka.Configuration;
using Akka.Persistence.Hosting;
using Akka.Persistence.Sql;

namespace FaultTolerantRunner.Persistence;

/// <summary>
/// Akka.Persistence.Sql's journal as Akka.Persistence.Hosting journal options (its own Hosting package is not served at
/// the plugin's version): the typed builder then adds each feature's event adapters and the journal health check. The
/// writer is the plugin's or FTR's (<see cref="PersistenceOptions.Journal"/>) under the same plugin path, so sharding and
/// the read journal do not care which.
/// </summary>
public sealed class FtrJournalOptions : JournalOptions
{
    /// <summary>The journal's identifier: its plugin id is <c>akka.persistence.journal.sql</c>.</summary>
    public const string Id = "sql";

    private readonly PersistenceOptions _options;

    public FtrJournalOptions(PersistenceOptions options) : base(isDefault: true)
    {
        _options = options;
        AutoInitialize = true;
    }

    public override string Identifier { get; set; } = Id;

    /// <summary>Where the journal's settings live; sharding and the read journal point here.</summary>
    public const string PluginPath = "akka.persistence.journal." + Id;

    protected override Config InternalDefaultConfig => SqlPersistence.DefaultConfiguration.GetConfig(PluginPath);

    protected override StringBuilder Build(StringBuilder sb)
    {
        var writer = _options.Journal == JournalWriter.Ftr
            ? $"{typeof(Journal.FtrWriteJournal).FullName}, {typeof(Journal.FtrWriteJournal).Assembly.GetName().Name}"
            : "Akka.Persistence.Sql.Journal.SqlWriteJournal, Akka.Persistence.Sql";
        sb.AppendLine($"class = \"{writer}\"")
            .AppendLine($"ftr.provider = {_options.Provider}")
            .AppendConnection(_options)
            // SQLite allows one writer at a time: one journal writer batches instead of contending for the lock.
            .AppendLine($"parallelism = {(_options.Provider == PersistenceProvider.Sqlite ? 1 : 3)}")
            // Tags in the journal row, not the tag table: see JournalSchema.
            .AppendLine("tag-write-mode = Csv");
        return base.Build(sb);
    }
}
