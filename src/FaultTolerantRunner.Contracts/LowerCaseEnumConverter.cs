using System.Text.Json;
using System.Text.Json.Serialization;

namespace FaultTolerantRunner.Contracts;

/// <summary>Writes an enum as its lower-case name (<c>"transient"</c>) and reads only names, never numbers.</summary>
public sealed class LowerCaseEnumConverter<T>() : JsonStringEnumConverter<T>(LowerCase.Instance, allowIntegerValues: false)
    where T : struct, Enum
{
    private sealed class LowerCase : JsonNamingPolicy
    {
        public static readonly LowerCase Instance = new();

        public override string ConvertName(string name) => name.ToLowerInvariant();
    }
}
