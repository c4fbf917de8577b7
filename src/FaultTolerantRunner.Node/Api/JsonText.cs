using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using FaultTolerantRunner.Problems;

namespace FaultTolerantRunner.Node.Api;

/// <summary>
/// Checks that every string and field name of a parsed body decodes to valid UTF-16, and that no object repeats a field.
/// The JSON reader accepts an escape such as <c>\ud800</c> and only throws when the text is read (deep inside binding,
/// re-serialising, or its own duplicate-field check); checked here, it is a 400 that names the field instead of a 500.
/// </summary>
internal static class JsonText
{
    public static void Check(JsonElement element, string path = "")
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var names = new HashSet<string>(StringComparer.Ordinal);
                foreach (var property in element.EnumerateObject())
                {
                    string name;
                    try
                    {
                        name = property.Name;
                    }
                    catch (InvalidOperationException)
                    {
                        throw Invalid(path.Length == 0 ? "a field name" : $"a field name in {path}", JsonMarshal.GetRawUtf8PropertyName(property));
                    }
                    var at = path.Length == 0 ? name : $"{path}.{name}";
                    // Duplicate keys are ambiguous input: reject them instead of letting one silently win.
                    if (!names.Add(name))
                        throw new FtrProblemException(FtrProblem.Validation("malformed-json", $"the body is not valid JSON: field '{at}' appears twice", null,
                            $"send '{at}' once"));
                    Check(property.Value, at);
                }
                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray()) Check(item, $"{path}[{index++}]");
                break;
            case JsonValueKind.String:
                try
                {
                    element.GetString();
                }
                catch (InvalidOperationException)
                {
                    throw Invalid(path, JsonMarshal.GetRawUtf8Value(element));
                }
                break;
        }
    }

    private static FtrProblemException Invalid(string what, ReadOnlySpan<byte> raw)
    {
        var escape = LoneSurrogate(Encoding.UTF8.GetString(raw));
        return new FtrProblemException(FtrProblem.Validation("invalid-unicode",
            escape is null
                ? $"{what} is not valid Unicode text; send valid Unicode"
                : $"{what} holds a lone UTF-16 surrogate ({escape}); send valid Unicode",
            null, "write a character outside the Basic Multilingual Plane as a surrogate pair (e.g. \\ud83d\\ude00) or as plain UTF-8"));
    }

    /// <summary>The first <c>\uXXXX</c> escape in raw JSON text that is a surrogate without its partner, or null.</summary>
    internal static string? LoneSurrogate(string raw)
    {
        for (var i = 0; i < raw.Length - 1; i++)
        {
            if (raw[i] != '\\') continue;
            if (raw[i + 1] != 'u' || !TryUnit(raw, i, out var unit))
            {
                i++; // an escape such as \\ or \n: its second character is not the start of another escape
                continue;
            }
            if (char.IsHighSurrogate(unit) && TryUnit(raw, i + 6, out var next) && char.IsLowSurrogate(next))
                i += 11;
            else if (char.IsSurrogate(unit))
                return raw.Substring(i, 6);
            else
                i += 5;
        }
        return null;
    }

    private static bool TryUnit(string raw, int at, out char unit)
    {
        unit = default;
        if (at + 6 > raw.Length || raw[at] != '\\' || raw[at + 1] != 'u') return false;
        if (!ushort.TryParse(raw.AsSpan(at + 2, 4), System.Globalization.NumberStyles.AllowHexSpecifier, null, out var value)) return false;
        unit = (char)value;
        return true;
    }
}
