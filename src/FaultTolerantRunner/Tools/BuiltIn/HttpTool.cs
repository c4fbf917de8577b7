using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace FaultTolerantRunner.Tools.BuiltIn;

/// <summary>
/// Calls an HTTP endpoint. A non-2xx answer fails the attempt with an <see cref="HttpRequestException"/>
/// carrying the status code, so classification sees 429/503/404 for what they are.
/// </summary>
public sealed class HttpTool : ITaskHandler, IGuardedTool, IDisposable
{
    private const int MaxBodyChars = 64 * 1024;

    // One pooled client per handler instance; a component reset (new instance) gets fresh connections.
    private readonly HttpClient _client = new(new SocketsHttpHandler
    {
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        ConnectTimeout = TimeSpan.FromSeconds(10),
    })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };

    public string Description => "Calls an HTTP endpoint; fails on non-2xx status codes.";

    public IReadOnlyList<ToolParameter> Parameters { get; } =
    [
        new("url", ParameterType.Url, Required: true, Description: "Absolute http(s) URL to call."),
        new("method", ParameterType.String, Default: "GET", Description: "HTTP method.",
            AllowedValues: ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"]),
        new("body", ParameterType.Json, Description: "Request body, sent as JSON (strings are sent as text)."),
        new("service", ParameterType.String, Description: "Name of the guarded service (defaults to host:port).",
            Example: "payments"),
    ];

    public async Task<ToolResult> ExecuteAsync(AttemptContext context, CancellationToken cancellation)
    {
        var parameters = context.Parameters;
        using var request = new HttpRequestMessage(new HttpMethod(parameters.GetString("method")), parameters.GetString("url"));
        if (parameters.Optional("body") is { } body)
        {
            request.Content = body is JsonValue v && v.TryGetValue<string>(out var text)
                ? new StringContent(text, Encoding.UTF8, "text/plain")
                : new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }
        request.Headers.TryAddWithoutValidation("X-Ftr-Task-Id", context.TaskId);
        request.Headers.TryAddWithoutValidation("X-Ftr-Attempt", context.Attempt.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (context.IdempotencyKey is { } key) request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("*/*"));

        using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellation).ConfigureAwait(false);
        var content = await response.Content.ReadAsStringAsync(cancellation).ConfigureAwait(false);
        if (content.Length > MaxBodyChars) content = content[..MaxBodyChars];

        if (!response.IsSuccessStatusCode)
            throw new HttpRequestException(
                $"{request.Method} {request.RequestUri} answered {(int)response.StatusCode} {response.ReasonPhrase}: {Shorten(content)}",
                null, response.StatusCode);

        return ToolResult.Of(new { status = (int)response.StatusCode, body = content });
    }

    public void Dispose() => _client.Dispose();

    /// <summary>The <c>service</c> parameter, else the URL's host:port.</summary>
    public string? ServiceFor(ToolParameters parameters) =>
        parameters.GetStringOrDefault("service") is { Length: > 0 } service ? service
        : Uri.TryCreate(parameters.GetStringOrDefault("url"), UriKind.Absolute, out var uri) ? $"{uri.Host}:{uri.Port}"
        : null;

    private static string Shorten(string text) => text.Length > 300 ? text[..300] + "..." : text;
}
