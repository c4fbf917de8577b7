using Akka.Hosting;
using FaultTolerantRunner.Notifications;
using Microsoft.Extensions.DependencyInjection;

namespace FaultTolerantRunner.Errors;

/// <summary>Registers the node's error registry (<c>IRequiredActor&lt;ErrorRegistry&gt;</c>); needs the notifier registered first.</summary>
internal static class ErrorsHostingExtensions
{
    internal static AkkaConfigurationBuilder WithErrorRegistry(this AkkaConfigurationBuilder builder, IServiceProvider services) =>
        builder.WithActors((system, registry) => registry.Register<ErrorRegistry>(system.ActorOf(
            ErrorRegistry.Props(services.GetRequiredService<AnalyticsOptions>(), services.GetRequiredService<Recovery.RecoveryOptions>(),
                services.GetRequiredService<TimeProvider>(), registry.Get<Notifier>(), Akka.Cluster.Cluster.Get(system).SelfAddress.ToString()),
            ErrorRegistry.Name)));
}
