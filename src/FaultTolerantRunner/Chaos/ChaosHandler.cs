using FaultTolerantRunner.Tools;

namespace FaultTolerantRunner.Chaos;

/// <summary>
/// A tool seen through the chaos switches: each attempt may be delayed, then failed, hung or crashed, before or while the
/// real tool runs.
/// </summary>
internal class ChaosHandler(ChaosSwitchboard switchboard, string tool, ITaskHandler inner, TimeProvider time) : ITaskHandler
{
    protected ITaskHandler Inner => inner;

    public string Description => inner.Description;

    public IReadOnlyList<ToolParameter> Parameters => inner.Parameters;

    public TimeSpan DefaultTimeout => inner.DefaultTimeout;

    public string? FallbackTool => inner.FallbackTool;

    public async Task<ToolResult> ExecuteAsync(AttemptContext context, CancellationToken cancellation)
    {
        if (switchboard.IsEmpty || switchboard.Draw(tool, (inner as IGuardedTool)?.ServiceFor(context.Parameters)) is not var (rule, hit))
            return await inner.ExecuteAsync(context, cancellation).ConfigureAwait(false);
        if (hit && rule.Fault == ChaosFaults.Crash) return await ChaosAttempts.CrashAsync(inner, tool, rule, context, time, cancellation).ConfigureAwait(false);
        if (rule.LatencyMs > 0) await Task.Delay(TimeSpan.FromMilliseconds(rule.LatencyMs), time, cancellation).ConfigureAwait(false);
        if (!hit) return await inner.ExecuteAsync(context, cancellation).ConfigureAwait(false);
        if (rule.Fault == ChaosFaults.Hang) return await ChaosAttempts.HangAsync(inner, context, time).ConfigureAwait(false);
        throw ChaosFaults.Create(rule.Category, rule.Target);
    }
}

/// <summary>Keeps <see cref="IGuardedTool"/> visible through the wrapper, so breakers still see the service.</summary>
internal sealed class ChaosGuardedHandler(ChaosSwitchboard switchboard, string tool, ITaskHandler inner, TimeProvider time)
    : ChaosHandler(switchboard, tool, inner, time), IGuardedTool
{
    public string? ServiceFor(ToolParameters parameters) => ((IGuardedTool)Inner).ServiceFor(parameters);
}
