using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace FaultTolerantRunner.TestSupport;

/// <summary>A real HTTP service on 127.0.0.1 whose behaviour a test switches at run time, counting every request it receives.</summary>
public sealed class FaultyService : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _requests;

    private FaultyService(WebApplication app) => _app = app;

    public enum Mode
    {
        Healthy,
        Unavailable,
        TooManyRequests,
        Slow,
        Reset,
    }

    public volatile Mode Current = Mode.Healthy;

    public int Requests => Volatile.Read(ref _requests);

    public string Url => _app.Urls.First();

    public static async Task<FaultyService> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var service = new FaultyService(app);
        app.Run(async context =>
        {
            Interlocked.Increment(ref service._requests);
            if (context.Request.Path.StartsWithSegments("/missing"))
            {
                context.Response.StatusCode = 404; // the caller asked for something that does not exist
                return;
            }
            switch (service.Current)
            {
                case Mode.Unavailable:
                    context.Response.StatusCode = 503;
                    await context.Response.WriteAsync("down for maintenance");
                    break;
                case Mode.TooManyRequests:
                    context.Response.StatusCode = 429;
                    break;
                case Mode.Slow:
                    await Task.Delay(TimeSpan.FromSeconds(2), context.RequestAborted);
                    await context.Response.WriteAsync("slow ok");
                    break;
                case Mode.Reset:
                    context.Abort();
                    break;
                default:
                    await context.Response.WriteAsync("ok");
                    break;
            }
        });
        await app.StartAsync();
        return service;
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
