using Akka.Cluster;
using Akka.Cluster.Hosting;
using Akka.Cluster.Sharding;
using Akka.Hosting;
using Akka.Persistence.Sql;
using Akka.Remote.Hosting;
using FaultTolerantRunner.Persistence;
using FaultTolerantRunner.Supervision;
using FaultTolerantRunner.Telemetry;
using FaultTolerantRunner.Tasks;
using FaultTolerantRunner.Tools;
using Microsoft.Extensions.DependencyInjection;

namespace FaultTolerantRunner.Hosting;

/// <summary>
/// One builder call that puts the runner into an actor system: remoting and clustering (unless the embedder does),
/// Akka.Persistence.Sql, the task shard region (unfinished tasks woken by the task index) and the task index.
/// </summary>
public static class AkkaRunnerExtensions
{
    public static AkkaConfigurationBuilder WithFaultTolerantRunner(this AkkaConfigurationBuilder builder, IServiceProvider services)
    {
        var options = services.GetRequiredService<RunnerOptions>();
        JournalProbe.PrepareSqlite(options.Persistence);
        // Before the journal starts writing rows with tags in them; a database that cannot be reached now is retried by the health monitor.
        using (var migration = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
            JournalSchema.EnsureAsync(options.Persistence, migration.Token).GetAwaiter().GetResult();

        builder
            .AddHocon(PersistenceHocon.Build(options.Persistence), HoconAddMode.Prepend)
            .AddHocon(SqlPersistence.DefaultConfiguration, HoconAddMode.Append);

        if (options.ConfigureCluster) builder.WithFtrCluster(options.Cluster);

        // Breakers first: task entities are handed the registry when the shard region starts.
        var gauges = services.GetRequiredService<Breakers.BreakerGauges>();
        RunnerMetrics.ObserveBreakers(() => gauges.States.Select(s => new KeyValuePair<string, int>(s.Key, s.Value switch
        {
            Breakers.BreakerStatus.Closed => 0,
            Breakers.BreakerStatus.HalfOpen => 1,
            _ => 2,
        })));
        builder.WithActors((system, registry) => registry.Register<Breakers.BreakerRegistry>(system.ActorOf(
            Breakers.BreakerRegistry.Props(options.Breakers, services.GetRequiredService<TimeProvider>(), gauges), Breakers.BreakerRegistry.Name)));

        var clock = services.GetRequiredService<TimeProvider>();
        var webhooks = services.GetRequiredService<Notifications.WebhookSender>();
        var gate = services.GetRequiredService<SelfHealing.IntakeGate>();
        RunnerMetrics.ObserveQueues(() => gate.DeadLettered, () => gate.Backlog, () => webhooks.Pending);
        builder.WithActors((system, registry) =>
        {
            var guardian = system.ActorOf(ToolGuardian.Props(services.GetRequiredService<ToolIsolation>()), ToolGuardian.Name);
            registry.Register<ToolGuardian>(guardian);
            webhooks.Start(registry.Get<Breakers.BreakerRegistry>());
            registry.Register<Notifications.Notifier>(system.ActorOf(Notifications.Notifier.Props(options.Notifications, webhooks, guardian,
                Cluster.Get(system).SelfAddress.ToString()), Notifications.Notifier.Name));
        });

        builder.WithShardRegion<Recovery.RecoveryEntity>(
            Recovery.RecoveryMessageExtractor.ShardTypeName,
            (system, registry, _) =>
            {
                var runtime = new Recovery.RecoveryRuntime(options.Recovery, options.Notifications, clock, Random.Shared,
                    Cluster.Get(system).SelfAddress.ToString(), registry.Get<Notifications.Notifier>());
                return id => Recovery.RecoveryEntity.Props(id, runtime);
            },
            new Recovery.RecoveryMessageExtractor(options.Recovery.NumberOfShards),
            new ShardOptions
            {
                HandOffStopMessage = Recovery.RecoveryEntity.Stop.Instance,
                StateStoreMode = StateStoreMode.Persistence,
                Role = options.Cluster.Roles.Count > 0 ? options.Cluster.Roles[0] : null,
            });

        builder.WithShardRegion<TaskRegion>(
            TaskIds.ShardTypeName,
            (system, registry, _) =>
            {
                var runtime = new TaskRuntime(
                    services.GetRequiredService<ToolRegistry>(),
                    services.GetRequiredService<Taxonomy.IErrorClassifier>(),
                    services.GetRequiredService<RetryPolicies>(),
                    services.GetRequiredService<ToolIsolation>(),
                    options.Tasks,
                    Cluster.Get(system).SelfAddress.ToString(),
                    clock,
                    Random.Shared,
                    registry.Get<Breakers.BreakerRegistry>(),
                    registry.Get<Recovery.RecoveryEntity>(),
                    options.Recovery,
                    options.SelfHealing,
                    ToolGuardian: registry.Get<ToolGuardian>());
                return id => TaskEntity.Props(id, runtime);
            },
            new TaskMessageExtractor(options.Tasks.NumberOfShards),
            new ShardOptions
            {
                // Not remembered: that cost two journal writes per task (entity started, stopped). The task index wakes
                // unfinished tasks instead (TaskIndex). Never idle-passivated either: a task may run quietly for hours.
                RememberEntities = false,
                ShouldPassivateIdleEntities = false,
                StateStoreMode = StateStoreMode.Persistence,
                HandOffStopMessage = TaskEntity.Stop.Instance,
                Role = options.Cluster.Roles.Count > 0 ? options.Cluster.Roles[0] : null,
            });

        builder.WithActors((system, registry) =>
        {
            var index = system.ActorOf(TaskIndex.Props(options.Tasks.IndexCapacity), TaskIndex.Name);
            registry.Register<TaskIndex>(index);
            registry.Register<ResumeSweep>(system.ActorOf(
                ResumeSweep.Props(registry.Get<TaskRegion>(), index, options.Tasks.ResumeSweepInterval), ResumeSweep.Name));
            var node = Cluster.Get(system).SelfAddress.ToString();
            var notifier = registry.Get<Notifications.Notifier>();
            registry.Register<Errors.ErrorRegistry>(system.ActorOf(
                Errors.ErrorRegistry.Props(options.Analytics, options.Recovery, clock, notifier, node), Errors.ErrorRegistry.Name));
            registry.Register<SelfHealing.HealthMonitor>(system.ActorOf(SelfHealing.HealthMonitor.Props(options.SelfHealing,
                gate, async token =>
                {
                    await JournalProbe.PingAsync(options.Persistence, token).ConfigureAwait(false);
                    // A journal that could not be migrated at start (database down) is migrated once it answers.
                    await JournalSchema.EnsureAsync(options.Persistence, token).ConfigureAwait(false);
                },
                index, notifier, clock, node), SelfHealing.HealthMonitor.Name));
        });
        return builder;
    }

    private static AkkaConfigurationBuilder WithFtrCluster(this AkkaConfigurationBuilder builder, ClusterNodeOptions cluster)
    {
        builder.WithRemoting(cluster.Hostname, cluster.Port);
        builder.WithClustering(new ClusterOptions
        {
            SeedNodes = cluster.SeedNodes.Select(s => ClusterNodeOptions.ParseSeed(s).ToString()).ToArray(),
            Roles = cluster.Roles.ToArray(),
        });
        // Failure detection, downing and shard movement tuned for a LAN (ClusterNodeOptions); wins over the defaults above.
        builder.AddHocon(ClusterHocon.Build(cluster), HoconAddMode.Prepend);
        if (cluster.SeedNodes.Count == 0)
        {
            // No seeds: this node is its own seed. Joining self after start also works with port 0 (tests).
            builder.AddStartup((system, _) => Cluster.Get(system).Join(Cluster.Get(system).SelfAddress));
        }
        return builder;
    }
}
