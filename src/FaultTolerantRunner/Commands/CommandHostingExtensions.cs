using FaultTolerantRunner.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace FaultTolerantRunner.Commands;

/// <summary>Adds an embedder's own palette to the node's command host, as pbm users do with custom palettes.</summary>
public static class CommandHostingExtensions
{
    public static RunnerBuilder WithCommandPalette(this RunnerBuilder builder, CommandPalette palette)
    {
        ArgumentNullException.ThrowIfNull(palette);
        builder.Services.AddSingleton(palette);
        return builder;
    }
}
