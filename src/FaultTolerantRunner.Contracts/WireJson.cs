using System.Text.Json;
using System.Text.Json.Serialization;
using FaultTolerantRunner.Taxonomy;

namespace FaultTolerantRunner.Contracts;

/// <summary>
/// The one JSON style of the wire, for the node and its clients alike: camelCase, enums as strings (the taxonomy's
/// categories, severities and directives lower-case, as everywhere in FTR), nulls left out unless a record says otherwise.
/// </summary>
public static class WireJson
{
    public static readonly JsonSerializerOptions Options = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            // Listed before the general enum converter so that they win for their two types.
            Converters = { new LowerCaseEnumConverter<ErrorCategory>(), new LowerCaseEnumConverter<Severity>(), new LowerCaseEnumConverter<Directive>(), new JsonStringEnumConverter() },
        };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
