using System.Text.Json.Nodes;

namespace FaultTolerantRunner.Tools.BuiltIn;

/// <summary>Returns its parameters: the smallest end-to-end check of the runner.</summary>
public sealed class EchoTool : ITaskHandler
{
    public string Description => "Returns its parameters unchanged.";

    public IReadOnlyList<ToolParameter> Parameters { get; } =
    [
        new("text", ParameterType.String, Description: "Text to echo back.", Example: "hello"),
        new("data", ParameterType.Json, Description: "Any JSON value to echo back."),
    ];

    public Task<ToolResult> ExecuteAsync(AttemptContext context, CancellationToken cancellation) =>
        Task.FromResult(new ToolResult((JsonNode)context.Parameters.Values.DeepClone()));
}
