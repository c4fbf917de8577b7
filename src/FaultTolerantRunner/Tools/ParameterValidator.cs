using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using FaultTolerantRunner.Problems;

namespace FaultTolerantRunner.Tools;

/// <summary>
/// Checks a submission's parameters against a tool's schema before anything is persisted: unknown names,
/// missing required values, wrong types, out-of-range numbers and nonexistent files each get an actionable error.
/// Strings are coerced to the declared type, so CLI input (<c>--param ms=500</c>) validates like JSON.
/// </summary>
public static class ParameterValidator
{
    public static ToolParameters Validate(string tool, IReadOnlyList<ToolParameter> schema, JsonObject? input)
    {
        // Embedders build parameters from CLR values (new JsonObject { ["failures"] = 1 }); read them as the JSON they
        // stand for, exactly as an HTTP body would be read, so an int is an integer whatever CLR type holds it.
        input = input is null ? new JsonObject() : (JsonObject)JsonNode.Parse(input.ToJsonString())!;
        var known = schema.ToDictionary(p => p.Name, StringComparer.Ordinal);
        var result = new JsonObject();

        foreach (var (name, _) in input)
        {
            if (known.ContainsKey(name)) continue;
            var closest = Suggest.Closest(name, known.Keys);
            var names = known.Count == 0 ? "it takes no parameters" : $"known parameters: {string.Join(", ", known.Keys)}";
            throw Invalid("unknown-parameter",
                $"tool '{tool}' has no parameter '{name}'; {names}" + (closest is null ? "" : $" (did you mean '{closest}'?)"),
                closest is null ? $"remove '{name}'" : $"rename '{name}' to '{closest}'",
                $"list the schema with: ftr tools show {tool}  (or GET /api/tools)");
        }

        foreach (var parameter in schema)
        {
            var value = input[parameter.Name];
            if (value is null)
            {
                if (parameter.Default is not null) result[parameter.Name] = parameter.Default.DeepClone();
                else if (parameter.Required)
                    throw Invalid("missing-parameter",
                        $"tool '{tool}' needs parameter '{parameter.Name}' ({parameter.TypeName}): {parameter.Description}".TrimEnd(' ', ':'),
                        $"add it, e.g. --param {parameter.Name}={parameter.ExampleOrDefault}");
                continue;
            }
            result[parameter.Name] = Coerce(tool, parameter, value);
        }
        return new ToolParameters(result);
    }

    private static JsonNode Coerce(string tool, ToolParameter p, JsonNode value)
    {
        var text = value is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
        JsonNode coerced = p.Type switch
        {
            ParameterType.String => text is not null ? JsonValue.Create(text) : throw WrongType(tool, p, value),
            ParameterType.Integer => ToInteger(value, text) is { } i ? JsonValue.Create(i) : throw WrongType(tool, p, value),
            ParameterType.Number => ToNumber(value, text) is { } d ? JsonValue.Create(d) : throw WrongType(tool, p, value),
            ParameterType.Boolean => ToBoolean(value, text) is { } b ? JsonValue.Create(b) : throw WrongType(tool, p, value),
            ParameterType.Url => IsHttpUrl(text) ? JsonValue.Create(text!) : throw WrongType(tool, p, value),
            ParameterType.FilePath => text is not null ? CheckFile(tool, p, text) : throw WrongType(tool, p, value),
            ParameterType.Json => ToJson(value, text),
            _ => throw new ArgumentOutOfRangeException(nameof(p)),
        };

        if (p.AllowedValues is { Count: > 0 } allowed && !allowed.Contains(ToolParameters.Format(coerced), StringComparer.Ordinal))
        {
            var closest = Suggest.Closest(ToolParameters.Format(coerced), allowed);
            throw Invalid("invalid-parameter",
                $"parameter '{p.Name}' of tool '{tool}' must be one of {string.Join(", ", allowed)}; got '{ToolParameters.Format(coerced)}'"
                + (closest is null ? "" : $" (did you mean '{closest}'?)"),
                $"use e.g. --param {p.Name}={closest ?? allowed[0]}");
        }

        if (p.Pattern is { } pattern && p.Type == ParameterType.String
            && !System.Text.RegularExpressions.Regex.IsMatch(ToolParameters.Format(coerced), pattern, System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromSeconds(1)))
            throw Invalid("invalid-parameter",
                $"parameter '{p.Name}' of tool '{tool}' must match {pattern}; got {Describe(coerced)}",
                $"use e.g. --param {p.Name}={p.ExampleOrDefault}");

        if (coerced is JsonValue numeric && numeric.GetValueKind() == JsonValueKind.Number)
        {
            var number = double.Parse(numeric.ToJsonString(), CultureInfo.InvariantCulture);
            if (p.Minimum is { } min && number < min || p.Maximum is { } max && number > max)
                throw Invalid("invalid-parameter",
                    $"parameter '{p.Name}' of tool '{tool}' must be between {Bound(p.Minimum, "-inf")} and {Bound(p.Maximum, "inf")}; got {number.ToString(CultureInfo.InvariantCulture)}",
                    $"use e.g. --param {p.Name}={p.ExampleOrDefault}");
        }
        return coerced;
    }

    private static string Bound(double? bound, string none) =>
        bound?.ToString(CultureInfo.InvariantCulture) ?? none;

    private static long? ToInteger(JsonNode value, string? text) =>
        value is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<long>(out var l) ? l
        : value is JsonValue d && d.GetValueKind() == JsonValueKind.Number && d.TryGetValue<double>(out var f) && f == Math.Floor(f) && Math.Abs(f) < 9e15 ? (long)f
        : long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) ? parsed
        : null;

    private static double? ToNumber(JsonNode value, string? text) =>
        value is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<double>(out var d) ? d
        : double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) && double.IsFinite(parsed) ? parsed
        : null;

    private static bool? ToBoolean(JsonNode value, string? text) =>
        value is JsonValue v && v.GetValueKind() is JsonValueKind.True or JsonValueKind.False ? v.GetValue<bool>()
        : bool.TryParse(text, out var parsed) ? parsed
        : null;

    private static JsonNode ToJson(JsonNode value, string? text)
    {
        if (text is null) return value.DeepClone();
        try
        {
            return JsonNode.Parse(text) ?? JsonValue.Create(text);
        }
        catch (JsonException)
        {
            return JsonValue.Create(text);
        }
    }

    private static bool IsHttpUrl(string? text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);

    private static JsonNode CheckFile(string tool, ToolParameter p, string path)
    {
        if (string.IsNullOrWhiteSpace(path) || path.Contains('\0'))
            throw Invalid("invalid-parameter", $"parameter '{p.Name}' of tool '{tool}' must be a file path; got an empty or malformed one",
                $"pass e.g. --param {p.Name}={p.ExampleOrDefault}");
        var full = Path.GetFullPath(path);
        if (!File.Exists(full))
            throw Invalid("file-not-found",
                $"parameter '{p.Name}' of tool '{tool}' names a file that does not exist: {full}",
                "check the path for typos; paths are resolved on the node, not on your machine",
                $"create the file or pass an existing one, e.g. --param {p.Name}={p.ExampleOrDefault}");
        return JsonValue.Create(full);
    }

    private static FtrProblemException WrongType(string tool, ToolParameter p, JsonNode value) =>
        Invalid("invalid-parameter-type",
            $"parameter '{p.Name}' of tool '{tool}' must be {Article(p.TypeName)} {p.TypeName}; got {Describe(value)}",
            $"pass e.g. --param {p.Name}={p.ExampleOrDefault}");

    private static string Article(string word) => "aeiou".Contains(word[0]) ? "an" : "a";

    private static string Describe(JsonNode value)
    {
        var json = value.ToJsonString();
        return json.Length > 60 ? json[..57] + "..." : json;
    }

    private static FtrProblemException Invalid(string code, string message, params string[] actions) =>
        new(FtrProblem.Validation(code, message, null, actions));
}
