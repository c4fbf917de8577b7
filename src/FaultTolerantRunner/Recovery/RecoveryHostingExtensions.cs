using Akka.Cluster.Hosting;
using Akka.Cluster.Sharding;
using Akka.Hosting;
using Akka.Persistence.Hosting;
using FaultTolerantRunner.Hosting;
using FaultTolerantRunner.Notifications;
using Microsoft.Extensions.DependencyInjection;

namespace FaultTolerantRunner.Recovery;

/// <summary>Registers the recovery entities' shard region (<c>IRequiredActor&lt;RecoveryEntity&gt;</c>) and the tagger of their events.</summary>
internal static class RecoveryHostingExtensions
{
    /// <summary>Tags recovery events on the runner's journal, so every node's error registry can follow them.</summary>
    internal static AkkaPersistenceJournalBuilder WithRecoveryEventTagger(this AkkaPersistenceJournalBuilder journal) =>
        journal.AddWriteEventAdapter<RecoveryEventTagger>("recovery-tagger", [typeof(IRecoveryEvent)]);

    /// <summary>Needs the notifier registered first.</summary>
    internal static AkkaConfigurationBuilder WithRecoveryRegion(this AkkaConfigurationBuilder builder, IServiceProvider services)
    {
        var options = services.GetRequiredService<RecoveryOptions>();
        return builder.WithShardRegion<RecoveryEntity>(
            RecoveryMessageExtractor.ShardTypeName,
            (system, registry, _) =>
            {
                var runtime = new RecoveryRuntime(options, services.GetRequiredService<NotificationOptions>(), services.GetRequiredService<TimeProvider>(),
                    Random.Shared, Akka.Cluster.Cluster.Get(system).SelfAddress.ToString(), registry.Get<Notifier>());
                return id => RecoveryEntity.Props(id, runtime);
            },
            new RecoveryMessageExtractor(options.NumberOfShards),
            new ShardOptions
            {
                HandOffStopMessage = RecoveryEntity.Stop.Instance,
                StateStoreMode = StateStoreMode.Persistence,
                Role = services.GetRequiredService<RunnerOptions>().Cluster.ShardRole,
            });
    }
}
