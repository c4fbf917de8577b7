using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace FaultTolerantRunner.Supervision;

/// <summary>Registers the node's tool guardian (<c>IRequiredActor&lt;ToolGuardian&gt;</c>), which isolates tools after critical failures.</summary>
internal static class SupervisionHostingExtensions
{
    internal static AkkaConfigurationBuilder WithToolGuardian(this AkkaConfigurationBuilder builder, IServiceProvider services) =>
        builder.WithActors((system, registry) => registry.Register<ToolGuardian>(
            system.ActorOf(ToolGuardian.Props(services.GetRequiredService<ToolIsolation>()), ToolGuardian.Name)));
}
