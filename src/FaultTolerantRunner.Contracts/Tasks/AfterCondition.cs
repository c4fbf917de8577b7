namespace FaultTolerantRunner.Tasks;

/// <summary>What a task submitted with <c>after</c> waits for in each predecessor.</summary>
public enum AfterCondition
{
    /// <summary>It produced a result: Succeeded or Degraded. A predecessor that ended otherwise cancels the waiting task.</summary>
    Succeeded,

    /// <summary>It ended, whichever way (Succeeded, Degraded, Failed, Cancelled, DeadLettered).</summary>
    Finished,
}
