using Akka.Hosting;
using FaultTolerantRunner.Notifications;
using FaultTolerantRunner.Persistence;
using FaultTolerantRunner.Tasks;
using FaultTolerantRunner.Telemetry;
using Microsoft.Extensions.DependencyInjection;

namespace FaultTolerantRunner.SelfHealing;

/// <summary>
/// Registers the node's health monitor (<c>IRequiredActor&lt;HealthMonitor&gt;</c>) and the queue gauges; needs the task
/// index and the notifier registered first.
/// </summary>
internal static class SelfHealingHostingExtensions
{
    internal static AkkaConfigurationBuilder WithHealthMonitor(this AkkaConfigurationBuilder builder, IServiceProvider services)
    {
        var gate = services.GetRequiredService<IntakeGate>();
        var webhooks = services.GetRequiredService<WebhookSender>();
        var persistence = services.GetRequiredService<PersistenceOptions>();
        RunnerMetrics.ObserveQueues(() => gate.DeadLettered, () => gate.Backlog, () => webhooks.Pending);
        return builder.WithActors((system, registry) => registry.Register<HealthMonitor>(system.ActorOf(HealthMonitor.Props(
            services.GetRequiredService<SelfHealingOptions>(),
            gate,
            async token =>
            {
                await JournalProbe.PingAsync(persistence, token).ConfigureAwait(false);
                // A journal that could not be migrated at start (database down) is migrated once it answers.
                await JournalSchema.EnsureAsync(persistence, token).ConfigureAwait(false);
            },
            registry.Get<TaskIndex>(),
            registry.Get<Notifier>(),
            services.GetRequiredService<TimeProvider>(),
            Akka.Cluster.Cluster.Get(system).SelfAddress.ToString()), HealthMonitor.Name)));
    }
}
