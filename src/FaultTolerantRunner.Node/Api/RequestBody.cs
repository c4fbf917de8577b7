using System.Text.Json;
using System.Text.Json.Nodes;
using FaultTolerantRunner.Contracts;
using FaultTolerantRunner.Problems;
using Microsoft.AspNetCore.Http.Features;

namespace FaultTolerantRunner.Node.Api;

/// <summary>Reads a JSON object body defensively into a request record: content type, size, syntax and fields each fail with a clear 4xx.</summary>
public static class RequestBody
{
    public const long MaxBytes = 1024 * 1024;

    /// <summary>Whether the request carries a body at all: a length above zero, or a chunked body (no length, but a content type).</summary>
    public static bool HasBody(HttpRequest request) =>
        request.ContentLength > 0 || (request.ContentLength is null && request.ContentType is not null);

    /// <summary>
    /// Binds the body to a request record: a field the record does not have is refused naming the closest one it has,
    /// a field of the wrong JSON type is refused with an example; JSON null counts as absent.
    /// </summary>
    public static async Task<T> ReadAsync<T>(HttpRequest request, CancellationToken cancellation) where T : class
    {
        var body = await ReadObjectAsync(request, RequestFields<T>.Names, cancellation);
        foreach (var (name, value) in body)
        {
            var field = RequestFields<T>.ByName[name];
            if (value is not null && !field.Accepts(value)) throw WrongType(name, field.Expected, field.Example);
        }
        return body.Deserialize<T>(WireJson.Options) ?? throw new InvalidOperationException($"{typeof(T).Name} bound to null");
    }

    /// <summary>As <see cref="ReadAsync{T}"/>, for a body that may be left out entirely (then every field is absent).</summary>
    public static async Task<T> ReadOptionalAsync<T>(HttpRequest request, CancellationToken cancellation) where T : class =>
        HasBody(request)
            ? await ReadAsync<T>(request, cancellation)
            : new JsonObject().Deserialize<T>(WireJson.Options) ?? throw new InvalidOperationException($"{typeof(T).Name} bound to null");

    private static async Task<JsonObject> ReadObjectAsync(HttpRequest request, IReadOnlySet<string> allowedFields, CancellationToken cancellation)
    {
        if (!IsJson(request.ContentType))
            throw new FtrProblemException(FtrProblem.Validation("unsupported-media-type",
                $"the body must be JSON; got content type '{request.ContentType ?? "(none)"}'", null,
                "send the header Content-Type: application/json"), StatusCodes.Status415UnsupportedMediaType);

        if (request.ContentLength > MaxBytes) throw TooLarge();
        var feature = request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (feature is { IsReadOnly: false }) feature.MaxRequestBodySize = MaxBytes;

        JsonElement root;
        try
        {
            // Duplicate fields are refused by JsonText.Check: the reader's own check throws on a lone surrogate in a name.
            using var document = await JsonDocument.ParseAsync(request.Body, cancellationToken: cancellation);
            root = document.RootElement.Clone();
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

        if (root.ValueKind != JsonValueKind.Object)
            throw new FtrProblemException(FtrProblem.Validation("malformed-body",
                $"the body must be a JSON object; got {root.ValueKind.ToString().ToLowerInvariant()}", null,
                "send e.g. {\"tool\":\"echo\",\"parameters\":{\"text\":\"hi\"}}"));
        JsonText.Check(root);
        var body = JsonObject.Create(root)!;

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
