using FaultTolerantRunner.Tools;

namespace FaultTolerantRunner.Tests.Support;

/// <summary>A tool whose behaviour per attempt a test scripts: a real handler, run by the real runner.</summary>
public sealed class ScriptedTool(Func<AttemptContext, CancellationToken, Task<ToolResult>> run) : ITaskHandler
{
    public string Description => "scripted by a test";

    public IReadOnlyList<ToolParameter> Parameters { get; } = [];

    public Task<ToolResult> ExecuteAsync(AttemptContext context, CancellationToken cancellation) => run(context, cancellation);
}
