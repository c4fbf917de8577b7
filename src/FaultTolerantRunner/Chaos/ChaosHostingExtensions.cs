using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace FaultTolerantRunner.Chaos;

/// <summary>Starts the chaos switches' replication when the node is clustered; a node without a cluster keeps them in its memory.</summary>
internal static class ChaosHostingExtensions
{
    internal static AkkaConfigurationBuilder WithChaos(this AkkaConfigurationBuilder builder, IServiceProvider services) =>
        builder.WithActors((system, _) =>
        {
            if (!system.Settings.ProviderClass.Contains("Cluster", StringComparison.Ordinal)) return;
            system.ActorOf(ChaosReplication.Props(services.GetRequiredService<ChaosSwitchboard>()), ChaosReplication.Name);
        });
}
