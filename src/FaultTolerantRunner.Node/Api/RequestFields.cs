using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using FaultTolerantRunner.Contracts;

namespace FaultTolerantRunner.Node.Api;

/// <summary>The JSON fields of a request record, what JSON each accepts, and the example quoted when a value does not fit.</summary>
internal static class RequestFields<T>
{
    public static readonly IReadOnlyDictionary<string, RequestField> ByName = WireJson.Options.GetTypeInfo(typeof(T)).Properties
        .ToDictionary(p => p.Name, p => RequestField.For(p.Name, p.PropertyType, p.AttributeProvider), StringComparer.Ordinal);

    public static readonly IReadOnlySet<string> Names = new SortedSet<string>(ByName.Keys, StringComparer.Ordinal);
}

/// <summary>One field of a request record.</summary>
internal sealed record RequestField(string Expected, string Example, Func<JsonNode, bool> Accepts)
{
    public static RequestField For(string name, Type type, ICustomAttributeProvider? attributes)
    {
        var example = attributes?.GetCustomAttributes(typeof(ExampleAttribute), inherit: false).OfType<ExampleAttribute>().FirstOrDefault()?.Json
                      ?? throw new InvalidOperationException($"{typeof(RequestField).Name}: request field '{name}' needs an [Example]");
        var clr = Nullable.GetUnderlyingType(type) ?? type;
        // Strict by JSON kind: "60" is not a number here, although the web defaults would read it as one.
        return clr switch
        {
            _ when clr == typeof(string) => new("a string", example, n => n.GetValueKind() == JsonValueKind.String),
            _ when clr == typeof(int) => new("a whole number", example, n => n is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<int>(out _)),
            _ when clr == typeof(double) => new("a number", example, n => n.GetValueKind() == JsonValueKind.Number),
            _ when clr == typeof(bool) => new("true or false", example, n => n.GetValueKind() is JsonValueKind.True or JsonValueKind.False),
            _ when clr == typeof(JsonObject) => new("a JSON object", example, n => n is JsonObject),
            _ when clr == typeof(IReadOnlyList<string>) => new("an array of strings", example,
                n => n is JsonArray items && items.All(i => i?.GetValueKind() == JsonValueKind.String)),
            _ => throw new InvalidOperationException($"request field '{name}' has type {type.Name}, which request bodies do not bind"),
        };
    }
}
