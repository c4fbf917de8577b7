using Akka.Hosting;
using FaultTolerantRunner.Breakers;
using FaultTolerantRunner.Taxonomy;
using FaultTolerantRunner.Tools;
using Microsoft.Extensions.DependencyInjection;

namespace FaultTolerantRunner.Hosting;

/// <summary>
/// Returned by <c>AddFaultTolerantRunner</c>: the embedder's own tools, classification rules, guarded services, and actors
/// in the runner's actor system.
/// </summary>
public sealed class RunnerBuilder
{
    private readonly List<Action<AkkaConfigurationBuilder, IServiceProvider>> _akka = [];

    internal RunnerBuilder(IServiceCollection services, RunnerOptions options)
    {
        Services = services;
        Options = options;
    }

    public IServiceCollection Services { get; }

    /// <summary>The options the runner starts with; registrations below add to them.</summary>
    public RunnerOptions Options { get; }

    /// <summary>Registers a tool whose handler is created through DI (constructor injection).</summary>
    public RunnerBuilder WithTaskHandler<THandler>(string name) where THandler : class, ITaskHandler =>
        WithTaskHandler(name, sp => ActivatorUtilities.CreateInstance<THandler>(sp));

    public RunnerBuilder WithTaskHandler(string name, Func<IServiceProvider, ITaskHandler> factory)
    {
        ToolNames.Check(name, "WithTaskHandler");
        Services.AddSingleton(new ToolRegistration(name, factory));
        return this;
    }

    /// <summary>
    /// Adds a row to the taxonomy table, or replaces the rule with the same id (defaults included). Build patterns with
    /// <see cref="ClassificationRule.Pattern"/> so that no message can stall a classification.
    /// </summary>
    public RunnerBuilder WithClassificationRule(ClassificationRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        if (rule.ExceptionTypes.Count == 0 && rule.Message is null && rule.Stderr is null && rule.HttpStatuses.Count == 0
            && rule.SocketErrors.Count == 0 && rule.ExitCodes.Count == 0)
            throw new RunnerConfigurationException($"WithClassificationRule(\"{rule.Id}\")",
                "matches everything; give it at least one of ExceptionTypes, Message, Stderr, HttpStatuses, SocketErrors, ExitCodes");
        var rules = Options.Rules.ToList();
        var same = rules.FindIndex(r => r.Id == rule.Id);
        if (same >= 0) rules[same] = rule;
        else rules.Add(rule);
        Options.Rules = rules;
        return this;
    }

    /// <summary>
    /// Declares the breaker of a service that handlers name (<see cref="IGuardedTool"/>): its options start from the
    /// breaker defaults (<c>Breakers:Default</c>) and <paramref name="configure"/> changes what differs.
    /// </summary>
    public RunnerBuilder WithGuardedService(string service, Func<BreakerOptions, BreakerOptions>? configure = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(service);
        var breaker = (configure?.Invoke(Options.Breakers.Default) ?? Options.Breakers.Default).Validate($"WithGuardedService(\"{service}\")");
        Options.Breakers = Options.Breakers.With(service, breaker);
        return this;
    }

    /// <summary>Configures the runner's actor system further: the embedder's own actors, loggers, HOCON.</summary>
    public RunnerBuilder WithAkka(Action<AkkaConfigurationBuilder, IServiceProvider> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        _akka.Add(configure);
        return this;
    }

    internal void ConfigureAkka(AkkaConfigurationBuilder akka, IServiceProvider services)
    {
        foreach (var configure in _akka) configure(akka, services);
    }
}
