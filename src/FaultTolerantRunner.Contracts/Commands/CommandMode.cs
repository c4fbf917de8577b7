namespace FaultTolerantRunner.Commands;

/// <summary>How the client runs a command.</summary>
public enum CommandMode
{
    /// <summary>One request, one answer.</summary>
    Request,

    /// <summary>A server-sent event stream, printed event by event until Ctrl-C or <c>--count</c> events.</summary>
    Stream,

    /// <summary>The request repeated every few seconds until Ctrl-C or <c>--count</c> rounds.</summary>
    Poll,

    /// <summary>One request answering with a task; <c>--wait</c> follows the task to its end.</summary>
    Submit,

    /// <summary>Prometheus text, summarised as a table.</summary>
    Metrics,
}
