using Akka.Cluster.Hosting;
using Akka.Cluster.Sharding;
using Akka.Hosting;
using Akka.Persistence.Hosting;
using FaultTolerantRunner.Breakers;
using FaultTolerantRunner.Hosting;
using FaultTolerantRunner.Supervision;
using FaultTolerantRunner.Tools;
using Microsoft.Extensions.DependencyInjection;

namespace FaultTolerantRunner.Tasks;

/// <summary>Registers the task shard region (<c>IRequiredActor&lt;TaskRegion&gt;</c>), the task index and resume sweep, and the tagger of task events.</summary>
internal static class TasksHostingExtensions
{
    /// <summary>Tags task events on the runner's journal, so read models (the task index) can follow every task.</summary>
    internal static AkkaPersistenceJournalBuilder WithTaskEventTagger(this AkkaPersistenceJournalBuilder journal) =>
        journal.AddWriteEventAdapter<TaskEventTagger>("task-tagger", [typeof(ITaskEvent)]);

    /// <summary>Needs the breaker registry and the recovery region registered first.</summary>
    internal static AkkaConfigurationBuilder WithTaskRegion(this AkkaConfigurationBuilder builder, IServiceProvider services)
    {
        var runner = services.GetRequiredService<RunnerOptions>();
        var slots = services.GetRequiredService<AttemptSlots>();
        var tools = services.GetRequiredService<ToolRegistry>();
        // Every tool the node runs, idle ones too, so the series exist before the first attempt.
        Telemetry.RunnerMetrics.ObserveSlots(() => tools.Names.Select(slots.Of));
        return builder.WithShardRegion<TaskRegion>(
            TaskIds.ShardTypeName,
            (system, registry, _) =>
            {
                var runtime = new TaskRuntime(
                    services.GetRequiredService<ToolRegistry>(),
                    services.GetRequiredService<Taxonomy.IErrorClassifier>(),
                    services.GetRequiredService<RetryPolicies>(),
                    services.GetRequiredService<ToolIsolation>(),
                    runner.Tasks,
                    Akka.Cluster.Cluster.Get(system).SelfAddress.ToString(),
                    services.GetRequiredService<TimeProvider>(),
                    Random.Shared,
                    registry.Get<BreakerRegistry>(),
                    registry.Get<Recovery.RecoveryEntity>(),
                    runner.Recovery,
                    runner.SelfHealing,
                    ToolGuardian: registry.Get<ToolGuardian>(),
                    Notifier: registry.TryGet<Notifications.Notifier>(out var notifier) ? notifier : null,
                    TaskRole: runner.Cluster.ShardRole) { Slots = slots };
                // Attempts other nodes relocate here (recovery level 4) run with this node's runtime.
                AttemptHostRuntime.Of(system).Runtime = runtime;
                return id => TaskEntity.Props(id, runtime);
            },
            new TaskMessageExtractor(runner.Tasks.NumberOfShards),
            new ShardOptions
            {
                // Not remembered: that cost two journal writes per task (entity started, stopped). The resume sweep wakes
                // unfinished tasks instead (ResumeSweep). Never idle-passivated either: a task may run quietly for hours.
                RememberEntities = false,
                ShouldPassivateIdleEntities = false,
                StateStoreMode = StateStoreMode.Persistence,
                HandOffStopMessage = TaskEntity.Stop.Instance,
                Role = runner.Cluster.ShardRole,
            });
    }

    /// <summary>The node's read model of all tasks, and the resume sweep that wakes the unfinished ones; needs the task region registered first.</summary>
    internal static AkkaConfigurationBuilder WithTaskIndex(this AkkaConfigurationBuilder builder, IServiceProvider services)
    {
        var options = services.GetRequiredService<TaskOptions>();
        return builder.WithActors((system, registry) =>
        {
            var index = system.ActorOf(TaskIndex.Props(options.IndexCapacity), TaskIndex.Name);
            registry.Register<TaskIndex>(index);
            registry.Register<ResumeSweep>(system.ActorOf(
                ResumeSweep.Props(registry.Get<TaskRegion>(), index, options.ResumeSweepInterval), ResumeSweep.Name));
            system.ActorOf(RetentionSweeper.Props(index, services.GetRequiredService<TaskRetention>()), RetentionSweeper.Name);
        });
    }
}
