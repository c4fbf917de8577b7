using Akka.Hosting;
using FaultTolerantRunner.Breakers;
using FaultTolerantRunner.Chaos;
using FaultTolerantRunner.Errors;
using FaultTolerantRunner.Notifications;
using FaultTolerantRunner.Persistence;
using FaultTolerantRunner.Recovery;
using FaultTolerantRunner.Schedules;
using FaultTolerantRunner.SelfHealing;
using FaultTolerantRunner.Supervision;
using FaultTolerantRunner.Tasks;
using Microsoft.Extensions.DependencyInjection;

namespace FaultTolerantRunner.Hosting;

/// <summary>
/// Composes the runner's features into the actor system <see cref="RunnerServiceCollectionExtensions.AddFaultTolerantRunner(IServiceCollection, RunnerOptions)"/>
/// creates. Each feature registers itself beside its code; the order is the order the actors need each other in.
/// </summary>
internal static class AkkaRunnerExtensions
{
    internal static AkkaConfigurationBuilder WithFaultTolerantRunner(this AkkaConfigurationBuilder builder, IServiceProvider services)
    {
        var options = services.GetRequiredService<RunnerOptions>();
        var migration = services.GetRequiredService<JournalMigration>();
        // The first starter: no persistent actor (shard coordinators, entities) starts before the journal is ready.
        builder.WithActors(async (_, _) => await migration.WhenDone().ConfigureAwait(false));
        builder.WithRunnerPersistence(options.Persistence);
        if (options.ConfigureCluster) builder.WithFtrCluster(options.Cluster);
        return builder
            .WithBreakers(services)
            .WithToolGuardian(services)
            .WithNotifications(services)
            .WithRecoveryRegion(services)
            .WithTaskRegion(services)
            .WithTaskIndex(services)
            .WithScheduleRegion(services)
            .WithErrorRegistry(services)
            .WithHealthMonitor(services)
            .WithChaos(services);
    }

    /// <summary>The journal and snapshot store with the taggers of the features that follow their events by tag.</summary>
    internal static AkkaConfigurationBuilder WithRunnerPersistence(this AkkaConfigurationBuilder builder, PersistenceOptions options) =>
        builder.WithFtrPersistence(options, journal => journal.WithTaskEventTagger().WithRecoveryEventTagger());
}
