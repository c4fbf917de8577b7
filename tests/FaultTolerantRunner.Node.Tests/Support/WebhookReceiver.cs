using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace FaultTolerantRunner.Node.Tests.Support;

/// <summary>A real webhook endpoint on 127.0.0.1 that answers 503 to its first <c>failFirst</c> deliveries, recording every one.</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _failuresLeft;

    private WebhookReceiver(WebApplication app, int failFirst)
    {
        _app = app;
        _failuresLeft = failFirst;
    }

    /// <summary>Every delivery attempt in arrival order: its notification id, body, and the status it was answered with.</summary>
    public ConcurrentQueue<(string Id, JsonObject Body, int Status)> Deliveries { get; } = new();

    public string Url => _app.Urls.First() + "/hooks/ftr";

    public static async Task<WebhookReceiver> StartAsync(int failFirst)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app, failFirst);
        app.MapPost("/hooks/ftr", async (HttpContext context) =>
        {
            var body = await context.Request.ReadFromJsonAsync<JsonObject>() ?? [];
            var status = Interlocked.Decrement(ref receiver._failuresLeft) >= 0 ? 503 : 200;
            receiver.Deliveries.Enqueue((context.Request.Headers["X-Ftr-Notification-Id"].ToString(), body, status));
            context.Response.StatusCode = status;
        });
        await app.StartAsync();
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
