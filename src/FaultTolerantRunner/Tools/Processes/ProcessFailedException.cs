namespace FaultTolerantRunner.Tools.Processes;

/// <summary>A child process exited non-zero; carries what classification needs (exit code, stderr).</summary>
public sealed class ProcessFailedException(string command, int exitCode, string stderr)
    : Exception($"'{command}' exited with code {exitCode}" + (stderr.Length > 0 ? $": {Tail(stderr)}" : ""))
{
    public int ExitCode { get; } = exitCode;

    public string Stderr { get; } = stderr;

    private static string Tail(string text)
    {
        var trimmed = text.Trim();
        return trimmed.Length > 500 ? "..." + trimmed[^500..] : trimmed;
    }
}
