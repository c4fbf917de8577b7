using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace FaultTolerantRunner.Taxonomy;

/// <summary>
/// Groups errors with the same root cause: tool + category + the message with its variable parts
/// (GUIDs, ids, numbers, paths, URLs, hosts, addresses) replaced by placeholders.
/// </summary>
public static partial class Fingerprint
{
    public static string Of(string tool, ErrorCategory category, string message)
    {
        var normalized = Normalize(message);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{tool}\n{Names.Of(category)}\n{normalized}"));
        return $"{tool}:{Names.Of(category)}:{Convert.ToHexStringLower(hash, 0, 8)}";
    }

    public static string Normalize(string message)
    {
        var text = message.Length > 2000 ? message[..2000] : message;
        text = Url().Replace(text, "<url>");
        text = Guid().Replace(text, "<guid>");
        text = Email().Replace(text, "<email>");
        text = IpAddress().Replace(text, "<host>");
        text = HostPort().Replace(text, "<host>");
        text = UnixPath().Replace(text, "<path>");
        text = WindowsPath().Replace(text, "<path>");
        text = HexId().Replace(text, "<id>");
        text = Number().Replace(text, "<n>");
        text = Spaces().Replace(text, " ");
        return text.Trim().ToLowerInvariant();
    }

    [GeneratedRegex(@"\b[a-z][a-z0-9+.-]*://[^\s'""<>)]+", RegexOptions.IgnoreCase)]
    private static partial Regex Url();

    [GeneratedRegex(@"\b[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}\b", RegexOptions.IgnoreCase)]
    private static partial Regex Guid();

    [GeneratedRegex(@"\b[\w.+-]+@[\w-]+(\.[\w-]+)+\b")]
    private static partial Regex Email();

    [GeneratedRegex(@"\b\d{1,3}(\.\d{1,3}){3}(:\d+)?\b|\[[0-9a-f:]+\](:\d+)?", RegexOptions.IgnoreCase)]
    private static partial Regex IpAddress();

    [GeneratedRegex(@"\b[a-z0-9-]+(\.[a-z0-9-]+)+:\d{2,5}\b|\blocalhost(:\d+)?\b", RegexOptions.IgnoreCase)]
    private static partial Regex HostPort();

    [GeneratedRegex(@"(?<![\w.])(~|\.{1,2})?(/[\w.@%+-]+){2,}/?")]
    private static partial Regex UnixPath();

    [GeneratedRegex(@"\b[a-z]:\\[^\s'""]*", RegexOptions.IgnoreCase)]
    private static partial Regex WindowsPath();

    [GeneratedRegex(@"\b(?=[0-9a-f]*\d)[0-9a-f]{8,}\b|\b0x[0-9a-f]+\b", RegexOptions.IgnoreCase)]
    private static partial Regex HexId();

    [GeneratedRegex(@"\d+([.,]\d+)*")]
    private static partial Regex Number();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
