using System.Net;
using FaultTolerantRunner.Node.Api;
using FaultTolerantRunner.Problems;
using FaultTolerantRunner.Taxonomy;

namespace FaultTolerantRunner.Node.Security;

/// <summary>
/// Keeps other web sites out of a node an operator's browser can reach. A state change (anything but GET, HEAD, OPTIONS)
/// sent by a page of another origin is refused — browsers say where a request comes from (<c>Sec-Fetch-Site</c>,
/// <c>Origin</c>); the CLI, curl and other programs send neither and are not affected. That matters most on a node without
/// API keys, on loopback, where a forged form post would otherwise be accepted. A node that listens on loopback only also
/// answers only to loopback host names, so a page that rebinds its own DNS name to 127.0.0.1 cannot read it either.
/// </summary>
public static class CrossSiteGuard
{
    public static IApplicationBuilder UseCrossSiteGuard(this WebApplication app, bool loopbackOnly)
    {
        app.Use(async (context, next) =>
        {
            var request = context.Request;
            if (loopbackOnly && !IsLoopbackHost(request.Host.Host))
            {
                await ProblemResults.WriteAsync(context, FtrProblem.Validation("host-not-allowed",
                    $"this node listens on loopback only and does not answer to the host name '{request.Host.Host}'", null,
                    "use http://127.0.0.1:<port> or http://localhost:<port>",
                    "to reach the node from elsewhere, listen beyond loopback (urls) with Security:ApiKeys set"), StatusCodes.Status400BadRequest);
                return;
            }
            if (!IsSafe(request.Method) && CrossSite(request) is { } origin)
            {
                await ProblemResults.WriteAsync(context, new FtrProblem(ErrorCategory.Permanent, "cross-site-request", Severity.Medium,
                    $"{request.Method} {request.Path} came from a page of another site ({origin}); state changes are accepted only from this node's own pages and from programs",
                    null,
                    ["use the node's dashboard (/dashboard) or the command-line client (ftr)", "a script of your own: call the API from a program, not from a page of another site"],
                    Timestamp: DateTimeOffset.UtcNow), StatusCodes.Status403Forbidden);
                return;
            }
            await next(context);
        });
        return app;
    }

    private static bool IsSafe(string method) => HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method);

    /// <summary>The other site a browser says the request comes from, or null for a same-origin page or a program.</summary>
    private static string? CrossSite(HttpRequest request)
    {
        var site = request.Headers["Sec-Fetch-Site"].ToString();
        if (site.Length > 0 && site is not ("same-origin" or "none")) return request.Headers.Origin.ToString() is { Length: > 0 } o ? o : site;
        var origin = request.Headers.Origin.ToString();
        if (origin.Length == 0) return null;
        var own = $"{request.Scheme}://{request.Host.Value}";
        return string.Equals(origin, own, StringComparison.OrdinalIgnoreCase) ? null : origin;
    }

    private static bool IsLoopbackHost(string host) =>
        string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));
}
