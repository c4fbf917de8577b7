using System.Text.Json.Nodes;

namespace FaultTolerantRunner.Contracts;

/// <summary>One parameter of a tool's schema.</summary>
public sealed record ToolParameterView(
    string Name,
    string Type,
    bool Required,
    JsonNode? Default,
    string Description,
    string Example,
    IReadOnlyList<string>? AllowedValues,
    double? Minimum,
    double? Maximum);
