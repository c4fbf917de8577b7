using System.Net;
using System.Net.Sockets;

namespace FaultTolerantRunner.Chaos;

/// <summary>Real exceptions of each category, shaped so that the default taxonomy rules classify them as that category.</summary>
public static class ChaosFaults
{
    public static readonly IReadOnlyList<string> Categories = ["transient", "timeout", "external", "resource", "validation", "permanent", "critical"];

    public static Exception Create(string category, string target) => category switch
    {
        "transient" => new HttpRequestException($"chaos: connection refused ({target})",
            new SocketException((int)SocketError.ConnectionRefused), HttpStatusCode.ServiceUnavailable),
        "timeout" => new TimeoutException($"chaos: the operation on '{target}' timed out"),
        // 500, not 503: the default taxonomy counts 502/503/504 as transient, a plain 5xx as the service failing.
        "external" => new HttpRequestException($"chaos: Response status code does not indicate success: 500 (Internal Server Error) from {target}",
            null, HttpStatusCode.InternalServerError),
        "resource" => new IOException("chaos: No space left on device", unchecked((int)0x8007_0070)),
        "validation" => new ArgumentException($"chaos: input for '{target}' failed schema validation", "input"),
        "permanent" => new UnauthorizedAccessException($"chaos: Access to '{target}' is denied."),
        "critical" => new InvalidOperationException("chaos: Corrupted state detected: checksum mismatch"),
        _ => throw new ArgumentOutOfRangeException(nameof(category), category, $"chaos categories: {string.Join(", ", Categories)}"),
    };
}
