using System.Net.Sockets;

namespace FaultTolerantRunner.Taxonomy;

/// <summary>
/// The classifier used until a rule table is configured: recognises the common .NET failure shapes by type,
/// walking inner exceptions. Rules are named so every classification says why.
/// </summary>
public sealed class BuiltInClassifier : IErrorClassifier
{
    public Classification Classify(Exception error)
    {
        foreach (var e in Chain(error))
        {
            var found = e switch
            {
                AttemptTimeoutException => new Classification(ErrorCategory.Timeout, Severity.Medium, true, "builtin.attempt-timeout"),
                TimeoutException => new Classification(ErrorCategory.Timeout, Severity.Medium, true, "builtin.timeout"),
                SocketException => new Classification(ErrorCategory.Transient, Severity.Medium, true, "builtin.socket"),
                HttpRequestException { StatusCode: null } => new Classification(ErrorCategory.Transient, Severity.Medium, true, "builtin.http-connect"),
                IOException io when io.Message.Contains("No space left", StringComparison.OrdinalIgnoreCase) =>
                    new Classification(ErrorCategory.Resource, Severity.High, true, "builtin.disk-full"),
                OutOfMemoryException => new Classification(ErrorCategory.Resource, Severity.High, true, "builtin.out-of-memory"),
                ArgumentException or FormatException => new Classification(ErrorCategory.Validation, Severity.Low, false, "builtin.argument"),
                UnauthorizedAccessException or FileNotFoundException or NotSupportedException =>
                    new Classification(ErrorCategory.Permanent, Severity.Medium, false, "builtin.permanent"),
                _ => null,
            };
            if (found is not null) return found;
        }
        return new Classification(ErrorCategory.Unknown, Severity.Medium, true, "builtin.unmatched");
    }

    private static IEnumerable<Exception> Chain(Exception error)
    {
        for (var e = error; e is not null; e = e.InnerException) yield return e;
    }
}
