namespace FaultTolerantRunner.Tools;

/// <summary>
/// A tool: the code one task attempt runs. Implementations are registered by name
/// (<c>WithTaskHandler&lt;T&gt;("name")</c>); the runner validates parameters against
/// <see cref="Parameters"/> before it accepts a task.
/// </summary>
public interface ITaskHandler
{
    string Description { get; }

    IReadOnlyList<ToolParameter> Parameters { get; }

    /// <summary>Used when a task does not set its own <c>timeoutSeconds</c>.</summary>
    TimeSpan DefaultTimeout => TimeSpan.FromSeconds(30);

    /// <summary>A tool to run instead while this tool's service is unavailable; the task then ends Degraded.</summary>
    string? FallbackTool => null;

    /// <summary>Runs one attempt. Throw to fail it; honour <paramref name="cancellation"/> (timeout, cancel).</summary>
    Task<ToolResult> ExecuteAsync(AttemptContext context, CancellationToken cancellation);
}
