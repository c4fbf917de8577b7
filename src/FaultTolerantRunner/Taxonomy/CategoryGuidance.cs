namespace FaultTolerantRunner.Taxonomy;

/// <summary>What each category means to a user, and what to do next; rules add specifics through their advice.</summary>
public sealed record CategoryGuidance(string Message, IReadOnlyList<string> Actions)
{
    public static CategoryGuidance For(ErrorCategory category) => category switch
    {
        ErrorCategory.Transient => new("a temporary failure (network, throttling, contention)",
            ["nothing: the runner retries with backoff", "if it keeps failing, check the service's health and rate limits"]),
        ErrorCategory.Resource => new("a resource ran out (memory, disk, handles, connections)",
            ["free the resource: disk space, memory or connection slots", "lower concurrency or batch size; the runner waits and retries"]),
        ErrorCategory.Timeout => new("the work took longer than its timeout",
            ["nothing: the next attempt gets a longer timeout", "raise timeoutSeconds if the work is legitimately slow"]),
        ErrorCategory.External => new("a service this task depends on is failing",
            ["check the service's status; the runner waits for it to recover", "see its circuit breaker with: ftr breakers list"]),
        ErrorCategory.Validation => new("the input is invalid",
            ["fix the input named in the message and submit again", "see the tool's schema: GET /api/tools/{tool}"]),
        ErrorCategory.Permanent => new("this cannot succeed by retrying (not found, permission, credentials, configuration)",
            ["fix the path, permission, credential or configuration named in the message", "then requeue: POST /api/dlq/{id}/requeue"]),
        ErrorCategory.Critical => new("a critical fault (corruption, fatal runtime or security error)",
            ["investigate before re-enabling the tool: POST /api/tools/{tool}/enable", "check the node's logs and the data it touched"]),
        _ => new("an unrecognised error",
            ["it was retried once; inspect the details", "add a classification rule (Taxonomy:Rules) if it recurs"]),
    };
}
