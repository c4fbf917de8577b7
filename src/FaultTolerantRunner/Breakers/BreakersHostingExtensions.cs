using Akka.Hosting;
using FaultTolerantRunner.Telemetry;
using Microsoft.Extensions.DependencyInjection;

namespace FaultTolerantRunner.Breakers;

/// <summary>Registers the node's breaker registry (<c>IRequiredActor&lt;BreakerRegistry&gt;</c>) and its state gauge.</summary>
internal static class BreakersHostingExtensions
{
    internal static AkkaConfigurationBuilder WithBreakers(this AkkaConfigurationBuilder builder, IServiceProvider services)
    {
        var gauges = services.GetRequiredService<BreakerGauges>();
        RunnerMetrics.ObserveBreakers(() => gauges.States.Select(s => new KeyValuePair<string, int>(s.Key, s.Value switch
        {
            BreakerStatus.Closed => 0,
            BreakerStatus.HalfOpen => 1,
            _ => 2,
        })));
        return builder.WithActors((system, registry) => registry.Register<BreakerRegistry>(system.ActorOf(
            BreakerRegistry.Props(services.GetRequiredService<BreakerSettings>(), services.GetRequiredService<TimeProvider>(), gauges),
            BreakerRegistry.Name)));
    }
}
