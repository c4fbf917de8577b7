namespace FaultTolerantRunner.Schedules;

/// <summary>What a schedule does with an occurrence while the task of the previous one is unfinished.</summary>
public enum ScheduleOverlap
{
    /// <summary>Record the occurrence as skipped.</summary>
    Skip,

    /// <summary>Fire it anyway.</summary>
    Allow,

    /// <summary>Keep it (at most one) and fire it once the previous task has finished.</summary>
    BufferOne,
}
