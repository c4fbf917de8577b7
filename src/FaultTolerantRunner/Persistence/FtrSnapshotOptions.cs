using System.Text;
using Akka.Configuration;
using Akka.Persistence.Hosting;
using Akka.Persistence.Sql;

namespace FaultTolerantRunner.Persistence;

/// <summary>Akka.Persistence.Sql's snapshot store, on the journal's connection, as Akka.Persistence.Hosting snapshot options.</summary>
public sealed class FtrSnapshotOptions : SnapshotOptions
{
    public const string Id = "sql";

    private readonly PersistenceOptions _options;

    public FtrSnapshotOptions(PersistenceOptions options) : base(isDefault: true)
    {
        _options = options;
        AutoInitialize = true;
    }

    public override string Identifier { get; set; } = Id;

    protected override Config InternalDefaultConfig => SqlPersistence.DefaultConfiguration.GetConfig($"akka.persistence.snapshot-store.{Id}");

    protected override StringBuilder Build(StringBuilder sb)
    {
        sb.AppendLine("class = \"Akka.Persistence.Sql.Snapshot.SqlSnapshotStore, Akka.Persistence.Sql\"")
            .AppendConnection(_options);
        return base.Build(sb);
    }
}
