using System.Net;
using System.Net.Sockets;

namespace FaultTolerantRunner.Tools.BuiltIn;

/// <summary>
/// Fails its first <c>failures</c> attempts with a realistic exception of the chosen category, then succeeds.
/// Attempt numbers are journaled, so the count holds across restarts. With a <c>compensation</c> label, each failing
/// attempt first registers a compensation of that name (journaled), which its compensator runs if the task ends without
/// success: operators and tests can watch compensations work in the task view.
/// </summary>
public sealed class FlakyTool : ICompensatingTool
{
    public static readonly string[] Categories = ["transient", "resource", "timeout", "external", "validation", "permanent", "critical"];

    public string Description => "Fails the first N attempts with a realistic error of a category, then succeeds.";

    public IReadOnlyList<ToolParameter> Parameters { get; } =
    [
        new("failures", ParameterType.Integer, Default: 1, Description: "How many attempts fail before one succeeds.",
            Example: "2", Minimum: 0, Maximum: 1000),
        new("category", ParameterType.String, Default: "transient", Description: "Kind of failure to raise.",
            AllowedValues: Categories),
        new("compensation", ParameterType.String, Description: "A label: each failing attempt registers a compensation of this name before it fails.",
            Example: "refund", Pattern: CompensationRules.NamePattern),
    ];

    public async Task<ToolResult> ExecuteAsync(AttemptContext context, CancellationToken cancellation)
    {
        var failures = context.Parameters.GetInt64("failures");
        if (context.Attempt > failures) return ToolResult.Of(new { attempt = context.Attempt, failedBefore = failures });

        var category = context.Parameters.GetString("category");
        if (context.Parameters.GetStringOrDefault("compensation") is { } label)
            await context.RegisterCompensationAsync(label, $"{{\"attempt\":{context.Attempt}}}").ConfigureAwait(false);
        if (category == "timeout")
        {
            // Hang past the attempt's timeout; the runner cancels us.
            await Task.Delay(Timeout.InfiniteTimeSpan, cancellation).ConfigureAwait(false);
        }
        throw Failure(category, context.Attempt);
    }

    /// <summary>Undoing nothing real, it succeeds; the journal and the task view show that it ran, and how often.</summary>
    public Task CompensateAsync(Compensation compensation, CancellationToken cancellation) => Task.CompletedTask;

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
