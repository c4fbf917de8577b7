namespace FaultTolerantRunner.Tools.BuiltIn;

/// <summary>Waits <c>ms</c> milliseconds, honouring cancellation: a stand-in for long work.</summary>
public sealed class SleepTool : ITaskHandler
{
    public string Description => "Sleeps for ms milliseconds, then succeeds.";

    public IReadOnlyList<ToolParameter> Parameters { get; } =
    [
        new("ms", ParameterType.Integer, Required: true, Description: "How long to sleep, in milliseconds.",
            Example: "500", Minimum: 0, Maximum: 86_400_000),
    ];

    public TimeSpan DefaultTimeout => TimeSpan.FromHours(1);

    public async Task<ToolResult> ExecuteAsync(AttemptContext context, CancellationToken cancellation)
    {
        var ms = context.Parameters.GetInt64("ms");
        await Task.Delay(TimeSpan.FromMilliseconds(ms), cancellation).ConfigureAwait(false);
        return ToolResult.Of(new { slept = ms });
    }
}
