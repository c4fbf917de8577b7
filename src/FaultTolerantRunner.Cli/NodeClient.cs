using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using FaultTolerantRunner.Cli.Catalog;

namespace FaultTolerantRunner.Cli;

/// <summary>HTTP to one node; every way a call can fail becomes a <see cref="CliFailure"/> with one readable line.</summary>
public sealed class NodeClient : IDisposable
{
    public static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    private readonly HttpClient _http;

    public NodeClient(Uri node, string? apiKey, TimeSpan? timeout = null)
    {
        Node = node;
        _http = new HttpClient { BaseAddress = node, Timeout = Timeout.InfiniteTimeSpan };
        RequestTimeout = timeout ?? TimeSpan.FromSeconds(30);
        if (!string.IsNullOrEmpty(apiKey)) UseApiKey(apiKey);
    }

    public Uri Node { get; }

    public TimeSpan RequestTimeout { get; }

    /// <summary>Sends this key from now on (a command's <c>--api-key</c> overrides <c>FTR_API_KEY</c>).</summary>
    public void UseApiKey(string key)
    {
        _http.DefaultRequestHeaders.Remove("X-Api-Key");
        _http.DefaultRequestHeaders.Add("X-Api-Key", key);
    }

    public async Task<CatalogModel> GetCatalogAsync(CancellationToken cancellation)
    {
        var text = await SendAsync(HttpMethod.Get, "/api/commands", null, cancellation);
        try
        {
            return JsonSerializer.Deserialize<CatalogModel>(text, JsonOptions) ?? throw new JsonException("empty answer");
        }
        catch (JsonException e)
        {
            throw new CliFailure(ExitCodes.Failed, $"the node at {NodeTarget.Display(Node)} answered GET /api/commands with something other than a command catalog ({e.Message})");
        }
    }

    /// <summary>Sends one request and returns the body of a 2xx answer; anything else throws.</summary>
    public async Task<string> SendAsync(HttpMethod method, string route, JsonObject? body, CancellationToken cancellation)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        timeout.CancelAfter(RequestTimeout);
        using var response = await ConnectAsync(method, route, body, HttpCompletionOption.ResponseContentRead, timeout.Token, cancellation);
        var text = await response.Content.ReadAsStringAsync(timeout.Token);
        if (!response.IsSuccessStatusCode) throw Failure(method, route, response, text);
        return text;
    }

    /// <summary>Opens a streaming request (server-sent events); the caller reads and disposes the response.</summary>
    public async Task<HttpResponseMessage> OpenStreamAsync(string route, CancellationToken cancellation)
    {
        var response = await ConnectAsync(HttpMethod.Get, route, null, HttpCompletionOption.ResponseHeadersRead, cancellation, cancellation);
        if (response.IsSuccessStatusCode) return response;
        using (response)
        {
            throw Failure(HttpMethod.Get, route, response, await response.Content.ReadAsStringAsync(cancellation));
        }
    }

    private async Task<HttpResponseMessage> ConnectAsync(HttpMethod method, string route, JsonObject? body, HttpCompletionOption completion,
        CancellationToken token, CancellationToken userCancellation)
    {
        using var request = new HttpRequestMessage(method, route);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (body is not null) request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        try
        {
            return await _http.SendAsync(request, completion, token);
        }
        catch (HttpRequestException e)
        {
            var reason = e.InnerException is SocketException s ? Reason(s) : e.GetBaseException().Message;
            throw new CliFailure(ExitCodes.Unreachable,
                $"cannot reach the node at {NodeTarget.Display(Node)}: {reason}; check that it runs and listens there, or name another node: ftr host:port …");
        }
        catch (OperationCanceledException) when (!userCancellation.IsCancellationRequested)
        {
            throw new CliFailure(ExitCodes.Unreachable,
                $"the node at {NodeTarget.Display(Node)} did not answer {method} {route} within {RequestTimeout.TotalSeconds:0} s; it may be overloaded or stuck, check /health/ready");
        }
    }

    private static string Reason(SocketException e) => e.SocketErrorCode switch
    {
        SocketError.ConnectionRefused => "connection refused",
        SocketError.HostNotFound or SocketError.NoData => "unknown host",
        SocketError.TimedOut => "connection timed out",
        _ => e.Message,
    };

    private static CliFailure Failure(HttpMethod method, string route, HttpResponseMessage response, string text)
    {
        var status = (int)response.StatusCode;
        JsonObject? problem = null;
        try
        {
            problem = JsonNode.Parse(text) as JsonObject;
        }
        catch (JsonException)
        {
            // Not JSON: reported as text below.
        }
        var message = (string?)problem?["message"] ?? (string?)problem?["title"];
        if (message is null)
        {
            var snippet = text.Length > 200 ? text[..200] + "…" : text;
            return new CliFailure(ExitCodes.Failed, $"{method} {route} failed with HTTP {status} {response.StatusCode}: {snippet.ReplaceLineEndings(" ")}", text);
        }
        var actions = problem!["suggestedActions"] is JsonArray list ? list.Select(a => (string?)a).OfType<string>().ToArray() : [];
        var code = (string?)problem["code"];
        var line = $"{message}" + (code is null ? "" : $" [{status} {code}]") + (actions.Length == 0 ? "" : " — try: " + string.Join("; ", actions));
        return new CliFailure(ExitCodes.Failed, line.ReplaceLineEndings(" "), text);
    }

    public void Dispose() => _http.Dispose();
}
