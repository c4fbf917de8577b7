using Akka.Configuration;
using Akka.Hosting;
using FaultTolerantRunner.Persistence;
using Microsoft.Extensions.DependencyInjection;

namespace FaultTolerantRunner.Hosting;

/// <summary>
/// The hosted runner's persistence configuration (journal, snapshot store, read journal, serializer, event taggers) as one
/// <see cref="Config"/>, for actor systems created directly (specs, benchmarks). It is composed by the same registrations the
/// hosted node uses, so the two cannot drift apart.
/// </summary>
public static class RunnerHocon
{
    public static Config Standalone(PersistenceOptions options)
    {
        var builder = new AkkaConfigurationBuilder(new ServiceCollection(), ClusterNodeOptions.SystemName)
            .WithRunnerPersistence(options);
        return builder.Configuration.Value;
    }
}
