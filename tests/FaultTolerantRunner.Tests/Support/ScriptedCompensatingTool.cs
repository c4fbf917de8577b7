using FaultTolerantRunner.Tools;

namespace FaultTolerantRunner.Tests.Support;

/// <summary>A tool whose attempts and compensator a test scripts.</summary>
public sealed class ScriptedCompensatingTool(
    Func<AttemptContext, CancellationToken, Task<ToolResult>> run,
    Func<Compensation, CancellationToken, Task> compensate) : ICompensatingTool
{
    public string Description => "scripted by a test, with a compensator";

    public IReadOnlyList<ToolParameter> Parameters { get; } = [];

    public Task<ToolResult> ExecuteAsync(AttemptContext context, CancellationToken cancellation) => run(context, cancellation);

    public Task CompensateAsync(Compensation compensation, CancellationToken cancellation) => compensate(compensation, cancellation);
}
