using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using FaultTolerantRunner.Commands;
using FaultTolerantRunner.Contracts;

namespace FaultTolerantRunner.Cli;

/// <summary>HTTP to one node; every way a call can fail becomes a <see cref="CliFailure"/> with one readable line.</summary>
public sealed class NodeClient : IDisposable
{
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

    public async Task<CommandCatalogView> GetCatalogAsync(CancellationToken cancellation)
    {
        var text = await SendAsync(HttpMethod.Get, CommandCatalogView.Route, null, cancellation);
        try
        {
            return JsonSerializer.Deserialize<CommandCatalogView>(text, WireJson.Options) ?? throw new JsonException("empty answer");
        }
        catch (JsonException e)
        {
            // Also what an older ftr sees when the node's catalog uses a mode or input kind it does not know.
            throw new CliFailure(ExitCodes.Failed,
                $"the node at {NodeTarget.Display(Node)} answered GET {CommandCatalogView.Route} with something this client cannot read as a command catalog ({e.Message}); is the client older than the node?");
        }
    }

    /// <summary>Sends one request and returns the body of a 2xx answer; anything else throws.</summary>
    public async Task<string> SendAsync(HttpMethod method, string route, JsonObject? body, CancellationToken cancellation) =>
        (await ExchangeAsync(method, route, body, cancellation)).Body;

    /// <summary>As <see cref="SendAsync"/>, with the answer's Location header (where a created resource lives).</summary>
    public async Task<(string Body, string? Location)> ExchangeAsync(HttpMethod method, string route, JsonObject? body, CancellationToken cancellation)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        timeout.CancelAfter(RequestTimeout);
        using var response = await ConnectAsync(method, route, body, HttpCompletionOption.ResponseContentRead, timeout.Token, cancellation);
        var text = await response.Content.ReadAsStringAsync(timeout.Token);
        if (!response.IsSuccessStatusCode) throw Failure(method, route, response, text);
        return (text, response.Headers.Location?.OriginalString);
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
        if (Problem(text) is not { } problem)
        {
            var snippet = text.Length > 200 ? text[..200] + "…" : text;
            return new CliFailure(ExitCodes.Failed, $"{method} {route} failed with HTTP {status} {response.StatusCode}: {snippet.ReplaceLineEndings(" ")}", text);
        }
        var actions = problem.SuggestedActions ?? [];
        var line = $"{problem.Message} [{status} {problem.Code}]" + (actions.Count == 0 ? "" : " — try: " + string.Join("; ", actions));
        return new CliFailure(ExitCodes.Failed, line.ReplaceLineEndings(" "), text);
    }

    /// <summary>The answer read as FTR's problem format; null for anything else (a proxy's HTML page, another service's error).</summary>
    private static ProblemResponse? Problem(string text)
    {
        try
        {
            return JsonSerializer.Deserialize<ProblemResponse>(text, WireJson.Options) is { Message: not null, Code: not null } problem ? problem : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public void Dispose() => _http.Dispose();
}
