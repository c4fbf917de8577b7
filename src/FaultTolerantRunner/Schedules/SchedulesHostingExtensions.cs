using Akka.Cluster.Hosting;
using Akka.Cluster.Sharding;
using Akka.Hosting;
using FaultTolerantRunner.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace FaultTolerantRunner.Schedules;

/// <summary>Registers the schedule shard region (<c>IRequiredActor&lt;ScheduleRegion&gt;</c>).</summary>
internal static class SchedulesHostingExtensions
{
    /// <summary>Needs the task region registered first (schedules submit through <see cref="Tasks.TaskClient"/>).</summary>
    internal static AkkaConfigurationBuilder WithScheduleRegion(this AkkaConfigurationBuilder builder, IServiceProvider services)
    {
        var runner = services.GetRequiredService<RunnerOptions>();
        return builder.WithShardRegion<ScheduleRegion>(
            ScheduleMessageExtractor.ShardTypeName,
            (system, _, _) =>
            {
                var runtime = new ScheduleRuntime(runner.Schedules, services.GetRequiredService<TimeProvider>(),
                    new ScheduleTasks(services.GetRequiredService<Tasks.TaskClient>()), Akka.Cluster.Cluster.Get(system).SelfAddress.ToString(),
                    () => ClusterSharding.Get(system).ShardRegion(ScheduleMessageExtractor.ShardTypeName));
                return name => ScheduleEntity.Props(name, runtime);
            },
            new ScheduleMessageExtractor(ScheduleDefaults.NumberOfShards),
            new ShardOptions
            {
                // Remembered (journal-backed): a schedule must run with nobody asking for it, after a node's loss, a
                // rebalance or a full restart; a few schedules cost two journal writes each per lifetime, not per firing.
                RememberEntities = true,
                RememberEntitiesStore = RememberEntitiesStore.Eventsourced,
                StateStoreMode = StateStoreMode.Persistence,
                HandOffStopMessage = ScheduleEntity.Stop.Instance,
                Role = runner.Cluster.ShardRole,
            });
    }
}
