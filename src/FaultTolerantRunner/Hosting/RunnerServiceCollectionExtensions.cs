using FaultTolerantRunner.Supervision;
using FaultTolerantRunner.Tasks;
using FaultTolerantRunner.Taxonomy;
using FaultTolerantRunner.Tools;
using FaultTolerantRunner.Tools.BuiltIn;
using FaultTolerantRunner.Tools.Processes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace FaultTolerantRunner.Hosting;

/// <summary>Registers the runner's services; pair it with <c>AkkaConfigurationBuilder.WithFaultTolerantRunner(sp)</c>.</summary>
public static class RunnerServiceCollectionExtensions
{
    public static RunnerBuilder AddFaultTolerantRunner(this IServiceCollection services, RunnerOptions options)
    {
        options.Validate();
        services.AddSingleton(options);
        services.AddSingleton(options.Tasks);
        services.AddSingleton(options.Persistence);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IErrorClassifier>(new RuleBasedClassifier(options.Rules));
        services.AddSingleton(options.Retry);
        services.AddSingleton<ToolIsolation>();
        services.AddSingleton(options.Breakers);
        services.AddSingleton<Breakers.BreakerGauges>();
        services.TryAddSingleton(sp => new Chaos.ChaosSwitchboard(new Random(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => BuildTools(sp, options));
        services.AddSingleton<TaskClient>();
        services.AddSingleton<DeadLetters.DeadLetterQueue>();
        services.AddSingleton(options.Recovery);
        services.AddSingleton(options.Notifications);
        services.AddSingleton(options.Analytics);
        services.AddSingleton(options.SelfHealing);
        services.AddSingleton<SelfHealing.IntakeGate>();
        services.AddSingleton<Notifications.WebhookSender>();
        return new RunnerBuilder(services);
    }

    public static RunnerBuilder AddFaultTolerantRunner(this IServiceCollection services, Action<RunnerOptions>? configure = null)
    {
        var options = new RunnerOptions();
        configure?.Invoke(options);
        return services.AddFaultTolerantRunner(options);
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
