using System.Net;
using FaultTolerantRunner.Hosting;

namespace FaultTolerantRunner.Node.Security;

/// <summary><c>Security:*</c>: API keys that guard state-changing HTTP calls, and the explicit opt-out for open networks.</summary>
public sealed class SecurityOptions
{
    public const int MinKeyLength = 16;

    public IReadOnlyList<string> ApiKeys { get; init; } = [];

    public bool AllowAnonymous { get; init; }

    public bool KeysRequired => ApiKeys.Count > 0;

    /// <summary>Reads the section strictly: unknown keys, short keys and non-boolean flags are errors naming the key.</summary>
    public static SecurityOptions Load(IConfiguration configuration)
    {
        var section = configuration.GetSection("Security");
        NodeSettings.RejectUnknown(section, nameof(ApiKeys), nameof(AllowAnonymous));

        var keysSection = section.GetSection("ApiKeys");
        var keys = keysSection.Value is { } joined
            ? joined.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : keysSection.GetChildren().Select(c => c.Value ?? "").ToArray();
        for (var i = 0; i < keys.Length; i++)
        {
            if (keys[i].Length < MinKeyLength || keys[i].Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
                throw new RunnerConfigurationException($"Security:ApiKeys:{i}",
                    $"must be at least {MinKeyLength} printable characters without spaces (generate one with: openssl rand -hex 24)");
        }

        var anonymous = NodeSettings.Flag(section, nameof(AllowAnonymous), false);
        return new SecurityOptions { ApiKeys = keys, AllowAnonymous = anonymous };
    }

    /// <summary>A node reachable beyond loopback must have keys, unless anonymity is chosen explicitly.</summary>
    public void CheckExposure(IEnumerable<string> urls)
    {
        if (KeysRequired || AllowAnonymous) return;
        var exposed = urls.FirstOrDefault(url => !IsLoopback(url));
        if (exposed is not null)
            throw new RunnerConfigurationException("Security:ApiKeys",
                $"is empty, but the node listens on {exposed}, beyond loopback; set Security:ApiKeys:0=<key> (at least {MinKeyLength} characters), " +
                "or set Security:AllowAnonymous=true to accept unauthenticated state changes on purpose");
    }

    internal static bool IsLoopback(string url)
    {
        var text = url.Trim();
        if (!Uri.TryCreate(text.Replace("://*", "://wildcard.invalid").Replace("://+", "://wildcard.invalid"), UriKind.Absolute, out var uri))
            return false;
        if (uri.IsLoopback) return true;
        return IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip);
    }
}
