using System.Security.Cryptography;
using System.Text;
using FaultTolerantRunner.Problems;
using FaultTolerantRunner.Taxonomy;
using FaultTolerantRunner.Node.Api;

namespace FaultTolerantRunner.Node.Security;

/// <summary>State-changing requests (anything but GET, HEAD, OPTIONS) need a configured key when the node has keys.</summary>
public static class ApiKeyMiddleware
{
    public const string Header = "X-Api-Key";

    public static IApplicationBuilder UseApiKeys(this WebApplication app, SecurityOptions options)
    {
        if (!options.KeysRequired) return app;
        var keys = options.ApiKeys.Select(Encoding.UTF8.GetBytes).ToArray();
        app.Use(async (context, next) =>
        {
            var method = context.Request.Method;
            if (HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method))
            {
                await next(context);
                return;
            }
            var presented = PresentedKey(context.Request);
            if (presented is not null && Matches(Encoding.UTF8.GetBytes(presented), keys))
            {
                await next(context);
                return;
            }
            context.Response.Headers.WWWAuthenticate = "Bearer";
            var what = $"{method} {context.Request.Path}";
            await ProblemResults.WriteAsync(context, new FtrProblem(ErrorCategory.Permanent, presented is null ? "api-key-required" : "api-key-invalid", Severity.Medium,
                presented is null
                    ? $"{what} changes state and this node requires an API key"
                    : $"the API key sent with {what} is not one of this node's Security:ApiKeys",
                null,
                [
                    "ftr: pass --api-key <key> or set FTR_API_KEY",
                    $"HTTP: send the header {Header}: <key> (or Authorization: Bearer <key>)",
                ], Timestamp: DateTimeOffset.UtcNow), StatusCodes.Status401Unauthorized);
        });
        return app;
    }

    private static string? PresentedKey(HttpRequest request)
    {
        if (request.Headers.TryGetValue(Header, out var key) && !string.IsNullOrEmpty(key)) return key.ToString();
        var authorization = request.Headers.Authorization.ToString();
        return authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? authorization["Bearer ".Length..].Trim() : null;
    }

    private static bool Matches(byte[] presented, byte[][] keys)
    {
        var match = false;
        foreach (var key in keys) match |= CryptographicOperations.FixedTimeEquals(presented, key);
        return match;
    }
}
