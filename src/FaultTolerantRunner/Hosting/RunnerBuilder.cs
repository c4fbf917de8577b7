using FaultTolerantRunner.Tools;
using Microsoft.Extensions.DependencyInjection;

namespace FaultTolerantRunner.Hosting;

/// <summary>Returned by <c>AddFaultTolerantRunner</c>; registers the embedder's own tools.</summary>
public sealed class RunnerBuilder(IServiceCollection services)
{
    public IServiceCollection Services { get; } = services;

    /// <summary>Registers a tool whose handler is created through DI (constructor injection).</summary>
    public RunnerBuilder WithTaskHandler<THandler>(string name) where THandler : class, ITaskHandler =>
        WithTaskHandler(name, sp => ActivatorUtilities.CreateInstance<THandler>(sp));

    public RunnerBuilder WithTaskHandler(string name, Func<IServiceProvider, ITaskHandler> factory)
    {
        ToolNames.Check(name, "WithTaskHandler");
        Services.AddSingleton(new ToolRegistration(name, factory));
        return this;
    }
}
