namespace FaultTolerantRunner.Cli;

/// <summary>What <c>ftr</c> returns to the shell.</summary>
public static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>The node answered with an error (problem+json), or a followed task did not succeed.</summary>
    public const int Failed = 1;

    /// <summary>The command line is wrong: unknown palette or command, missing or malformed argument.</summary>
    public const int Usage = 2;

    /// <summary>The node could not be reached.</summary>
    public const int Unreachable = 3;

    /// <summary>A streaming or polling command (tail, watch) stopped by Ctrl-C / SIGINT, as shells report it (128 + 2).</summary>
    public const int Interrupted = 130;
}
