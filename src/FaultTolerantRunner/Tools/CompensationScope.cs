namespace FaultTolerantRunner.Tools;

/// <summary>When a registered compensation runs; either way it runs once, when the task ends.</summary>
public enum CompensationScope
{
    /// <summary>Undoes work the task as a whole made: runs when the task ends without success, dropped when it succeeds.</summary>
    Task,

    /// <summary>
    /// Undoes work only the registering attempt made (a reservation a retry does not reuse): runs when the task ends unless
    /// that very attempt succeeded, so also when a later retry succeeded.
    /// </summary>
    Attempt,
}
