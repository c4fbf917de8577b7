using System.Net;
using System.Net.Sockets;

namespace FaultTolerantRunner.Tools.BuiltIn;

/// <summary>
/// Fails its first <c>failures</c> attempts with a realistic exception of the chosen category, then succeeds.
/// Attempt numbers are journaled, so the count holds across restarts.
/// </summary>
public sealed class FlakyTool : ITaskHandler
{
    public static readonly string[] Categories = ["transient", "resource", "timeout", "external", "validation", "permanent", "critical"];

    public string Description => "Fails the first N attempts with a realistic error of a category, then succeeds.";

    public IReadOnlyList<ToolParameter> Parameters { get; } =
    [
        new("failures", ParameterType.Integer, Default: 1, Description: "How many attempts fail before one succeeds.",
            Example: "2", Minimum: 0, Maximum: 1000),
        new("category", ParameterType.String, Default: "transient", Description: "Kind of failure to raise.",
            AllowedValues: Categories),
    ];

    public async Task<ToolResult> ExecuteAsync(AttemptContext context, CancellationToken cancellation)
    {
        var failures = context.Parameters.GetInt64("failures");
        if (context.Attempt > failures) return ToolResult.Of(new { attempt = context.Attempt, failedBefore = failures });

        var category = context.Parameters.GetString("category");
        if (category == "timeout")
        {
            // Hang past the attempt's timeout; the runner cancels us.
            await Task.Delay(Timeout.InfiniteTimeSpan, cancellation).ConfigureAwait(false);
        }
        throw Failure(category, context.Attempt);
    }

    public static Exception Failure(string category, int attempt) => category switch
    {
        "transient" => new HttpRequestException(
            "Connection refused (127.0.0.1:9)",
            new SocketException((int)SocketError.ConnectionRefused),
            HttpStatusCode.ServiceUnavailable),
        "resource" => new IOException("No space left on device", unchecked((int)0x8007_0070)),
        "external" => new HttpRequestException("Response status code does not indicate success: 500 (Internal Server Error).", null,
            HttpStatusCode.InternalServerError),
        "validation" => new ArgumentException($"Input row {attempt} failed schema validation: field 'amount' must be a number", "amount"),
        "permanent" => new UnauthorizedAccessException("Access to the path '/var/lib/ftr/protected' is denied."),
        "critical" => new InvalidOperationException("Corrupted state detected: checksum mismatch in task store"),
        _ => new InvalidOperationException($"unknown failure category '{category}'"),
    };
}
