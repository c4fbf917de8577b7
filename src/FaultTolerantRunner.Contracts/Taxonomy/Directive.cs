namespace FaultTolerantRunner.Taxonomy;

/// <summary>What supervision does with a failed attempt (DESIGN.md: the taxonomy decides the directive).</summary>
public enum Directive
{
    /// <summary>Run the attempt again after a backoff (within the category's retry budget).</summary>
    Restart,

    /// <summary>Skip the failing item and carry on (item-level validation inside a batch).</summary>
    Resume,

    /// <summary>No more attempts: compensate and dead-letter.</summary>
    Stop,

    /// <summary>Hand to the node supervisor: isolate the tool, alert.</summary>
    Escalate,
}
