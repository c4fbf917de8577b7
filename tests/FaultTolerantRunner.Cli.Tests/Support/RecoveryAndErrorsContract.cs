using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace FaultTolerantRunner.Cli.Tests.Support;

/// <summary>
/// Stands in for the recovery and error-registry endpoints that another milestone builds, answering with exactly the
/// agreed contract, so the client side of <c>ftr recovery</c> and <c>ftr errors</c> is tested now. Each answer
/// object answer echoes the method, path and query it saw (<c>seen</c>), so tests can check what the client sent.
/// </summary>
public sealed class RecoveryAndErrorsContract : IStartupFilter
{
    private const string Fingerprint = "http:external:5f2a9c01";

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(async (context, nextMiddleware) =>
        {
            var answer = Answer(context.Request);
            if (answer is null)
            {
                await nextMiddleware(context);
                return;
            }
            if (answer is JsonObject obj) obj["seen"] = $"{context.Request.Method} {context.Request.Path}{context.Request.QueryString}";
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(answer.ToJsonString());
        });
        next(app);
    };

    private static JsonNode? Answer(HttpRequest request)
    {
        var path = request.Path.Value ?? "";
        var get = HttpMethods.IsGet(request.Method);
        var post = HttpMethods.IsPost(request.Method);
        return path switch
        {
            "/api/recovery/levels" when get => new JsonArray(Level()),
            "/api/recovery/metrics" when get => new JsonObject
            {
                ["strategies"] = new JsonArray(new JsonObject
                {
                    ["category"] = "external", ["level"] = 2, ["strategy"] = "retry-extended", ["attempts"] = 10, ["successes"] = 8,
                    ["successRate"] = 0.8, ["meanRecoveryMs"] = 1250, ["score"] = 0.74,
                }),
            },
            "/api/errors" when get => new JsonObject
            {
                ["items"] = new JsonArray(new JsonObject
                {
                    ["id"] = "e-1", ["fingerprint"] = Fingerprint, ["category"] = "external", ["severity"] = "high", ["tool"] = "http",
                    ["count"] = 12, ["firstSeen"] = "2026-11-23T08:00:00Z", ["lastSeen"] = "2026-11-23T09:00:00Z", ["status"] = "open",
                    ["message"] = "Response status code does not indicate success: 500",
                }),
                ["total"] = 1,
            },
            "/api/errors/e-1" when get => new JsonObject { ["id"] = "e-1", ["fingerprint"] = Fingerprint, ["status"] = "open", ["count"] = 12 },
            "/api/errors/e-1/resolve" when post => new JsonObject { ["id"] = "e-1", ["status"] = "resolved" },
            $"/api/recovery/levels/{Fingerprint}" when get => new JsonObject
            {
                ["fingerprint"] = Fingerprint, ["level"] = 2,
                ["history"] = new JsonArray(new JsonObject { ["at"] = "2026-11-23T08:30:00Z", ["from"] = 1, ["to"] = 2, ["reason"] = "retry failed 5 times" }),
                ["strategies"] = new JsonArray(new JsonObject { ["strategy"] = "retry-extended", ["attempts"] = 10, ["successRate"] = 0.8 }),
            },
            $"/api/recovery/levels/{Fingerprint}/reset" when post => new JsonObject { ["fingerprint"] = Fingerprint, ["level"] = 1 },
            _ => null,
        };
    }

    private static JsonObject Level() => new()
    {
        ["fingerprint"] = Fingerprint, ["category"] = "external", ["tool"] = "http", ["level"] = 2, ["updatedAt"] = "2026-11-23T08:30:00Z",
    };

    public static string KnownFingerprint => Fingerprint;
}

/// <summary>A node whose recovery and error-registry endpoints answer with the agreed contract.</summary>
public sealed class ContractNodeFixture : NodeFixture
{
    protected override void Customize(IServiceCollection services) => services.AddSingleton<IStartupFilter, RecoveryAndErrorsContract>();
}
