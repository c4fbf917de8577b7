using System.Text.Json.Nodes;

namespace FaultTolerantRunner.Tools;

/// <summary>What a successful attempt returns; stored with the task as JSON.</summary>
public sealed record ToolResult(JsonNode? Value)
{
    public static ToolResult Empty { get; } = new((JsonNode?)null);

    public static ToolResult Of(object? value) =>
        new(value is null ? null : System.Text.Json.JsonSerializer.SerializeToNode(value));
}
