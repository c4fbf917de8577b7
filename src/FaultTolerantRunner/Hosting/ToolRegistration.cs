using FaultTolerantRunner.Tools;

namespace FaultTolerantRunner.Hosting;

/// <summary>One tool an embedder registered: its name and how to make its handler.</summary>
public sealed record ToolRegistration(string Name, Func<IServiceProvider, ITaskHandler> Factory);
