using Akka.Hosting;
using FaultTolerantRunner.Persistence;
using FaultTolerantRunner.Supervision;
using FaultTolerantRunner.Tasks;
using FaultTolerantRunner.Taxonomy;
using FaultTolerantRunner.Tools;
using FaultTolerantRunner.Tools.BuiltIn;
using FaultTolerantRunner.Tools.Processes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace FaultTolerantRunner.Hosting;

/// <summary>
/// The one entry point for embedding the runner (and the one the node uses): registers its services and the actor system
/// that runs it. The runner owns that actor system (named <c>ftr</c>, as cluster addresses must be); an embedder adds its
/// own actors with <see cref="RunnerBuilder.WithAkka"/>.
/// </summary>
/// <remarks>
/// Why a service-collection call and not only an <c>AkkaConfigurationBuilder</c> extension: Akka.Hosting runs the
/// <c>AddAkka</c> delegate when the container resolves the actor system, after the container is built, so registrations
/// made inside it (the task client, tool registry, intake gate that HTTP endpoints inject) would come too late.
/// </remarks>
public static class RunnerServiceCollectionExtensions
{
    public static RunnerBuilder AddFaultTolerantRunner(this IServiceCollection services, Action<RunnerOptions>? configure = null)
    {
        var options = new RunnerOptions();
        configure?.Invoke(options);
        return services.AddFaultTolerantRunner(options);
    }

    public static RunnerBuilder AddFaultTolerantRunner(this IServiceCollection services, RunnerOptions options)
    {
        if (services.Any(d => d.ServiceType == typeof(RunnerOptions)))
            throw new InvalidOperationException("AddFaultTolerantRunner was called twice; call it once and chain the With… registrations on what it returns");
        if (services.Any(d => d.ServiceType == typeof(AkkaConfigurationBuilder)))
            throw new InvalidOperationException(
                "AddAkka was called before AddFaultTolerantRunner; the runner creates the actor system itself: configure yours with .WithAkka((akka, sp) => …) instead");
        options.Validate();
        var builder = new RunnerBuilder(services, options);

        // Resolved when first needed, so that With… registrations made after this call are seen.
        services.AddSingleton(options);
        services.AddSingleton(_ => options.Tasks);
        services.AddSingleton(_ => options.Persistence);
        services.AddSingleton(_ => options.Retry);
        services.AddSingleton(_ => options.Breakers);
        services.AddSingleton(_ => options.Recovery);
        services.AddSingleton(_ => options.Notifications);
        services.AddSingleton(_ => options.Analytics);
        services.AddSingleton(_ => options.SelfHealing);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IErrorClassifier>(_ => new RuleBasedClassifier(options.Rules));
        services.AddSingleton<ToolIsolation>();
        services.AddSingleton<Breakers.BreakerGauges>();
        services.TryAddSingleton(sp => new Chaos.ChaosSwitchboard(new Random(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => BuildTools(sp, options));
        services.AddSingleton(sp => AttemptSlots.Create(options.Tasks, options.Concurrency, sp.GetRequiredService<ToolRegistry>()));
        services.AddSingleton<TaskClient>();
        services.AddSingleton(_ => options.Schedules);
        services.AddSingleton<Schedules.ScheduleClient>();
        services.AddSingleton<DeadLetters.DeadLetterQueue>();
        services.AddSingleton<Tasks.TaskBulkActions>();
        services.AddSingleton(_ => options.Dlq);
        services.AddSingleton<Tasks.TaskRetention>();
        services.AddSingleton<SelfHealing.IntakeGate>();
        services.AddSingleton<Notifications.WebhookSender>();

        // Hosted services start in registration order: the migration finishes before Akka.Hosting starts the actor system.
        services.AddSingleton<JournalMigration>();
        services.AddHostedService(sp => sp.GetRequiredService<JournalMigration>());
        services.AddAkka(ClusterNodeOptions.SystemName, (akka, sp) =>
        {
            akka.WithFaultTolerantRunner(sp);
            builder.ConfigureAkka(akka, sp);
        });
        return builder;
    }

    private static ToolRegistry BuildTools(IServiceProvider sp, RunnerOptions options)
    {
        var factories = new Dictionary<string, Func<ITaskHandler>>(StringComparer.Ordinal);

        void Add(string name, Func<ITaskHandler> factory, string key)
        {
            ToolNames.Check(name, key);
            if (!factories.TryAdd(name, factory))
                throw new RunnerConfigurationException(key, $"defines tool '{name}', but a tool of that name is already registered");
        }

        if (options.BuiltInTools)
        {
            Add("echo", () => new EchoTool(), "BuiltInTools");
            Add("sleep", () => new SleepTool(), "BuiltInTools");
            Add("flaky", () => new FlakyTool(), "BuiltInTools");
            Add("http", () => new HttpTool(), "BuiltInTools");
            Add("batch", () => new BatchTool(), "BuiltInTools");
        }
        foreach (var (name, tool) in options.ProcessTools)
        {
            Add(name, () => ProcessToolFactory.Create(name, tool), $"Tools:Process:{name}");
        }
        foreach (var registration in sp.GetServices<ToolRegistration>())
            Add(registration.Name, () => registration.Factory(sp), $"WithTaskHandler(\"{registration.Name}\")");
        return new ToolRegistry(factories, options.Fallbacks, sp.GetService<Chaos.ChaosSwitchboard>());
    }
}
