using FaultTolerantRunner.Commands;
using Microsoft.Extensions.DependencyInjection;

namespace FaultTolerantRunner.Cli.Tests.Support;

/// <summary>The shared in-process node, with an embedder's own palette, that tests drive with the real <c>ftr</c>.</summary>
public class CliNodeFixture : NodeFixture
{
    public static readonly CommandPalette DemoPalette = new("demo", "An embedder's own palette.",
        [CommandDefinition.Get("ping", "Asks the node whether it lives.", "/health/live")]);

    /// <summary>Shorter than the node tests' 400 ms: palette tests wait for retried tasks through a child process each time.</summary>
    protected override TimeSpan RetryMaxDelay => TimeSpan.FromMilliseconds(200);

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton(DemoPalette);

    /// <summary>Runs ftr against this node: <c>ftr host:port args…</c>.</summary>
    public Task<FtrRun> FtrAsync(params string[] args) => FtrRun.StartAsync([Address, .. args]);
}
