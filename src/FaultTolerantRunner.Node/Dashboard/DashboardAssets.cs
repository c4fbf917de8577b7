using System.Collections.Frozen;
using System.Reflection;
using System.Security.Cryptography;

namespace FaultTolerantRunner.Node.Dashboard;

/// <summary>
/// The dashboard's stylesheet and scripts, embedded in the node's assembly: nothing is fetched from elsewhere, so the
/// pages work on a machine with no network and whatever the node's content root is.
/// </summary>
internal static class DashboardAssets
{
    private const string Prefix = "dashboard/";

    private static readonly FrozenDictionary<string, Asset> Assets = Load();

    public static IEndpointRouteBuilder MapDashboardAssets(this IEndpointRouteBuilder app)
    {
        app.MapGet(DashboardPaths.Assets + "/{name}", (string name, HttpContext context) =>
        {
            if (!Assets.TryGetValue(name, out var asset)) return Results.NotFound();
            context.Response.Headers.ETag = asset.ETag;
            // Revalidated on each load (a cheap 304): an upgraded node serves its new script at once.
            context.Response.Headers.CacheControl = "no-cache";
            if (context.Request.Headers.IfNoneMatch == asset.ETag) return Results.StatusCode(StatusCodes.Status304NotModified);
            return Results.Bytes(asset.Content, asset.ContentType);
        }).ExcludeFromDescription();
        return app;
    }

    private static FrozenDictionary<string, Asset> Load()
    {
        var assembly = Assembly.GetExecutingAssembly();
        var assets = new Dictionary<string, Asset>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            var content = buffer.ToArray();
            var name = resource[Prefix.Length..];
            assets[name] = new Asset(content, ContentType(name), "\"" + Convert.ToHexString(SHA256.HashData(content))[..16] + "\"");
        }
        return assets.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static string ContentType(string name) => Path.GetExtension(name) switch
    {
        ".css" => "text/css; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".svg" => "image/svg+xml",
        _ => "text/plain; charset=utf-8",
    };

    private sealed record Asset(byte[] Content, string ContentType, string ETag);
}
