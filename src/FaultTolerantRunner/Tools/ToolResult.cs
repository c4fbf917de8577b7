using System.Text.Json.Nodes;

namespace FaultTolerantRunner.Tools;

/// <summary>What a successful attempt returns; stored with the task as JSON.</summary>
public sealed record ToolResult(JsonNode? Value)
{
    public static ToolResult Empty { get; } = new((JsonNode?)null);

    private static readonly System.Text.Json.JsonSerializerOptions Web = new(System.Text.Json.JsonSerializerDefaults.Web);

    /// <summary>Serializes <paramref name="value"/> with web (camelCase) naming, as the API shows results.</summary>
    public static ToolResult Of(object? value) =>
        new(value is null ? null : System.Text.Json.JsonSerializer.SerializeToNode(value, Web));
}
