using System.Text.Json;
using System.Text.Json.Nodes;
using FaultTolerantRunner.Problems;
using Microsoft.AspNetCore.Http.Features;

namespace FaultTolerantRunner.Node.Api;

/// <summary>Reads a JSON object body defensively: content type, size and syntax each fail with a clear 4xx.</summary>
public static class RequestBody
{
    public const long MaxBytes = 1024 * 1024;

    /// <summary>Whether the request carries a body at all: a length above zero, or a chunked body (no length, but a content type).</summary>
    public static bool HasBody(HttpRequest request) =>
        request.ContentLength > 0 || (request.ContentLength is null && request.ContentType is not null);

    public static async Task<JsonObject> ReadObjectAsync(HttpRequest request, IReadOnlySet<string> allowedFields, CancellationToken cancellation)
    {
        if (!IsJson(request.ContentType))
            throw new FtrProblemException(FtrProblem.Validation("unsupported-media-type",
                $"the body must be JSON; got content type '{request.ContentType ?? "(none)"}'", null,
                "send the header Content-Type: application/json"), StatusCodes.Status415UnsupportedMediaType);

        if (request.ContentLength > MaxBytes) throw TooLarge();
        var feature = request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (feature is { IsReadOnly: false }) feature.MaxRequestBodySize = MaxBytes;

        JsonNode? node;
        try
        {
            // Duplicate keys are ambiguous input: reject them instead of letting one silently win.
            node = await JsonNode.ParseAsync(request.Body, documentOptions: new JsonDocumentOptions { AllowDuplicateProperties = false },
                cancellationToken: cancellation);
        }
        catch (JsonException e)
        {
            throw new FtrProblemException(FtrProblem.Validation("malformed-json",
                $"the body is not valid JSON: {e.Message}", $"line {e.LineNumber + 1}, byte {e.BytePositionInLine}",
                "check the JSON syntax, e.g. with: echo '<body>' | jq ."));
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            throw TooLarge();
        }

        if (node is not JsonObject body)
            throw new FtrProblemException(FtrProblem.Validation("malformed-body",
                $"the body must be a JSON object; got {(node is null ? "null" : node.GetValueKind().ToString().ToLowerInvariant())}", null,
                "send e.g. {\"tool\":\"echo\",\"parameters\":{\"text\":\"hi\"}}"));

        foreach (var (name, _) in body)
        {
            if (allowedFields.Contains(name)) continue;
            var closest = Suggest.Closest(name, allowedFields);
            throw new FtrProblemException(FtrProblem.Validation("unknown-field",
                $"unknown field '{name}'; allowed fields: {string.Join(", ", allowedFields)}" + (closest is null ? "" : $" (did you mean '{closest}'?)"),
                null, closest is null ? $"remove '{name}'" : $"rename '{name}' to '{closest}'"));
        }
        return body;
    }

    public static string? OptionalString(JsonObject body, string name, string example) => body[name] switch
    {
        null => null,
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        _ => throw WrongType(name, "a string", example),
    };

    public static int? OptionalInt(JsonObject body, string name, string example) => body[name] switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<int>(out var i) => i,
        _ => throw WrongType(name, "a whole number", example),
    };

    public static JsonObject? OptionalObject(JsonObject body, string name, string example) => body[name] switch
    {
        null => null,
        JsonObject o => o,
        _ => throw WrongType(name, "a JSON object", example),
    };

    private static FtrProblemException WrongType(string name, string expected, string example) =>
        new(FtrProblem.Validation("invalid-field-type", $"field '{name}' must be {expected}", null, $"send e.g. \"{name}\": {example}"));

    private static FtrProblemException TooLarge() =>
        new(FtrProblem.Validation("body-too-large", $"the body is larger than {MaxBytes / 1024} KiB", null,
            "pass large inputs by reference (a file path or URL parameter), not inline"), StatusCodes.Status413PayloadTooLarge);

    private static bool IsJson(string? contentType)
    {
        if (contentType is null) return false;
        var mediaType = contentType.Split(';')[0].Trim();
        return mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
               || mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase);
    }
}
