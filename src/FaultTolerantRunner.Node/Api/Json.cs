using System.Text.Json;
using System.Text.Json.Serialization;

namespace FaultTolerantRunner.Node.Api;

/// <summary>The node's one JSON style: camelCase, enums as strings, nulls left out.</summary>
public static class Json
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
