namespace FaultTolerantRunner.Cli;

/// <summary>A failure that ends a command with an exit code and one line on stderr.</summary>
public sealed class CliFailure(int exitCode, string message, string? body = null) : Exception(message)
{
    public int ExitCode { get; } = exitCode;

    /// <summary>The node's raw answer, printed to stdout with <c>--json</c> so scripts can read the problem.</summary>
    public string? Body { get; } = body;
}
