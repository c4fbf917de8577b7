using System.Net;
using System.Net.Sockets;
using FaultTolerantRunner.Tools.Processes;

namespace FaultTolerantRunner.Chaos;

/// <summary>The kinds of fault a switch injects, and real exceptions of each category, shaped so that the default taxonomy rules classify them as that category.</summary>
public static class ChaosFaults
{
    /// <summary>Fail the attempt with an error of the switch's category.</summary>
    public const string Error = "error";

    /// <summary>The attempt ignores cancellation and never finishes by itself: the runner's timeout and kill path ends it.</summary>
    public const string Hang = "hang";

    /// <summary>The attempt's process is killed (SIGKILL) mid-run, after the switch's latency.</summary>
    public const string Crash = "crash";

    /// <summary>Exit code of a process killed by SIGKILL (128 + 9), as the shell and .NET report it.</summary>
    public const int KilledExitCode = 137;

    public static readonly IReadOnlyList<string> Kinds = [Error, Hang, Crash];

    public static readonly IReadOnlyList<string> Categories = ["transient", "timeout", "external", "resource", "validation", "permanent", "critical"];

    /// <summary>The category a fault ends in: an error's own; a hang's is the attempt timeout; a crash's a SIGKILLed process (resource.oom-killed).</summary>
    public static string CategoryOf(string fault, string? category) => fault switch
    {
        Hang => "timeout",
        Crash => "resource",
        _ => category ?? "unknown",
    };

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

    /// <summary>What a crashed attempt reports: the shape of a process killed by SIGKILL, whether or not the tool ran one.</summary>
    public static Exception Crashed(string tool) =>
        new ProcessFailedException(tool, KilledExitCode, "chaos: the attempt's process was killed mid-run (SIGKILL)");
}
