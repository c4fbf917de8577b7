using System.Text.Json.Nodes;

namespace FaultTolerantRunner.Tools;

/// <summary>One entry of a tool's parameter schema.</summary>
/// <param name="Pattern">A regular expression a string value must match (e.g. a label), checked at submission.</param>
public sealed record ToolParameter(
    string Name,
    ParameterType Type,
    bool Required = false,
    JsonNode? Default = null,
    string Description = "",
    string? Example = null,
    IReadOnlyList<string>? AllowedValues = null,
    double? Minimum = null,
    double? Maximum = null,
    string? Pattern = null)
{
    public string TypeName => Type switch
    {
        ParameterType.FilePath => "file-path",
        _ => Type.ToString().ToLowerInvariant(),
    };

    public string ExampleOrDefault => Example ?? Type switch
    {
        ParameterType.Integer => "5",
        ParameterType.Number => "1.5",
        ParameterType.Boolean => "true",
        ParameterType.Url => "http://127.0.0.1:8080/health",
        ParameterType.FilePath => "/var/data/input.csv",
        ParameterType.Json => "{\"key\":\"value\"}",
        _ => AllowedValues is { Count: > 0 } ? AllowedValues[0] : "text",
    };
}
