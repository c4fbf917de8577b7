using System.Net;
using System.Text.RegularExpressions;

namespace FaultTolerantRunner.Taxonomy;

/// <summary>
/// Reads an HTTP status out of the text clients print when no typed status reaches us (a process's stderr, a wrapped
/// exception's message), so the status rules hold for curl, requests, axios, kubectl and SDK messages alike.
/// Only the phrasings clients use to report a response status are read, and only error statuses (4xx, 5xx); a bare
/// number is never taken for a status.
/// </summary>
public static class HttpStatusText
{
    private static readonly Regex[] Numeric =
    [
        ClassificationRule.Pattern(@"does not indicate success: ([45][0-9][0-9])\b"), // .NET HttpResponseMessage
        ClassificationRule.Pattern(@"\b([45][0-9][0-9]) (Client|Server) Error\b"),    // Python requests
        ClassificationRule.Pattern(@"returned error: ([45][0-9][0-9])\b"),            // curl --fail
        ClassificationRule.Pattern(@"status code:? '?([45][0-9][0-9])\b"),            // axios, gRPC-web, proxies
        ClassificationRule.Pattern(@"\bERROR ([45][0-9][0-9]): "),                    // wget
        ClassificationRule.Pattern(@"api_core\.exceptions\.\w+: ([45][0-9][0-9])\b"), // google-api-core
    ];

    private static readonly Regex[] Named =
    [
        ClassificationRule.Pattern(@"Error from server \((\w+)\)"),    // kubectl
        ClassificationRule.Pattern(@"HttpStatusCode is (\w+)"),        // Google.Apis
        ClassificationRule.Pattern(@"invalid status code '(\w+)'"),    // Kubernetes client (AutoRest)
    ];

    /// <summary>Kubernetes status reasons that are not <see cref="HttpStatusCode"/> names (k8s.io/apimachinery StatusReason).</summary>
    private static readonly Dictionary<string, int> Reasons = new(StringComparer.OrdinalIgnoreCase)
    {
        ["AlreadyExists"] = 409, ["Invalid"] = 422, ["InternalError"] = 500, ["Timeout"] = 504, ["ServerTimeout"] = 500,
    };

    public static int? Find(IEnumerable<string?> texts)
    {
        foreach (var text in texts)
            if (!string.IsNullOrEmpty(text) && Find(text) is { } status) return status;
        return null;
    }

    public static int? Find(string text)
    {
        try
        {
            foreach (var pattern in Numeric)
                if (pattern.Match(text) is { Success: true } m) return int.Parse(m.Groups[1].ValueSpan, provider: null);
            foreach (var pattern in Named)
                if (pattern.Match(text) is { Success: true } m && StatusOf(m.Groups[1].Value) is { } status) return status;
        }
        catch (RegexMatchTimeoutException)
        {
            // classification must not fail; the text simply names no status
        }
        return null;
    }

    private static int? StatusOf(string name)
    {
        if (Reasons.TryGetValue(name, out var reason)) return reason;
        return !name.All(char.IsDigit) && Enum.TryParse<HttpStatusCode>(name, ignoreCase: true, out var code) && (int)code is >= 400 and <= 599 ? (int)code : null;
    }
}
