using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace FaultTolerantRunner.Tools;

/// <summary>Read access to a task's validated parameters (defaults applied, types coerced).</summary>
public sealed class ToolParameters(JsonObject values)
{
    public static ToolParameters Parse(string json) =>
        new(JsonNode.Parse(json) as JsonObject ?? new JsonObject());

    public JsonObject Values => values;

    public bool Has(string name) => values[name] is not null;

    public string GetString(string name) => Optional(name)?.ToString() ?? throw Missing(name);

    public string? GetStringOrDefault(string name) =>
        values[name] switch
        {
            null => null,
            JsonValue v when v.TryGetValue<string>(out var s) => s,
            var node => node.ToJsonString(),
        };

    public long GetInt64(string name) =>
        Optional(name) is JsonValue v && v.TryGetValue<long>(out var n) ? n : throw Missing(name);

    public double GetDouble(string name) =>
        Optional(name) is JsonValue v && v.TryGetValue<double>(out var n) ? n : throw Missing(name);

    public bool GetBoolean(string name) =>
        Optional(name) is JsonValue v && v.TryGetValue<bool>(out var b) ? b : throw Missing(name);

    public JsonNode? Optional(string name) => values[name];

    public override string ToString() => values.ToJsonString();

    internal static string Format(JsonNode? node) => node switch
    {
        null => "",
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonValue v when v.TryGetValue<double>(out var d) => d.ToString(CultureInfo.InvariantCulture),
        _ => node.ToJsonString(),
    };

    private static ArgumentException Missing(string name) =>
        new($"parameter '{name}' is missing or has the wrong type", name);
}
