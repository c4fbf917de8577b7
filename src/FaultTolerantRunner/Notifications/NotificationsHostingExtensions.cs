using Akka.Hosting;
using FaultTolerantRunner.Breakers;
using FaultTolerantRunner.Supervision;
using Microsoft.Extensions.DependencyInjection;

namespace FaultTolerantRunner.Notifications;

/// <summary>
/// Registers the notifier (<c>IRequiredActor&lt;Notifier&gt;</c>) and starts webhook delivery behind the breakers; needs the
/// breaker registry and the tool guardian registered first.
/// </summary>
internal static class NotificationsHostingExtensions
{
    internal static AkkaConfigurationBuilder WithNotifications(this AkkaConfigurationBuilder builder, IServiceProvider services) =>
        builder.WithActors((system, registry) =>
        {
            var webhooks = services.GetRequiredService<WebhookSender>();
            webhooks.Start(registry.Get<BreakerRegistry>());
            registry.Register<Notifier>(system.ActorOf(Notifier.Props(services.GetRequiredService<NotificationOptions>(), webhooks,
                registry.Get<ToolGuardian>(), Akka.Cluster.Cluster.Get(system).SelfAddress.ToString()), Notifier.Name));
        });
}
