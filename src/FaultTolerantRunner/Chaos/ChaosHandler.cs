using FaultTolerantRunner.Tools;

namespace FaultTolerantRunner.Chaos;

/// <summary>A tool seen through the chaos switches: each attempt may be delayed or failed before the real tool runs.</summary>
internal class ChaosHandler(ChaosSwitchboard switchboard, string tool, ITaskHandler inner) : ITaskHandler
{
    protected ITaskHandler Inner => inner;

    public string Description => inner.Description;

    public IReadOnlyList<ToolParameter> Parameters => inner.Parameters;

    public TimeSpan DefaultTimeout => inner.DefaultTimeout;

    public string? FallbackTool => inner.FallbackTool;

    public async Task<ToolResult> ExecuteAsync(AttemptContext context, CancellationToken cancellation)
    {
        if (!switchboard.IsEmpty)
            await switchboard.InjectAsync(tool, (inner as IGuardedTool)?.ServiceFor(context.Parameters), cancellation).ConfigureAwait(false);
        return await inner.ExecuteAsync(context, cancellation).ConfigureAwait(false);
    }
}

/// <summary>Keeps <see cref="IGuardedTool"/> visible through the wrapper, so breakers still see the service.</summary>
internal sealed class ChaosGuardedHandler(ChaosSwitchboard switchboard, string tool, ITaskHandler inner)
    : ChaosHandler(switchboard, tool, inner), IGuardedTool
{
    public string? ServiceFor(ToolParameters parameters) => ((IGuardedTool)Inner).ServiceFor(parameters);
}
