namespace FaultTolerantRunner.Contracts;

/// <summary>One recent occurrence of a schedule: fired (with its task and that task's outcome now), triggered, skipped, buffered, missed or failed.</summary>
public sealed record ScheduleFiringView(
    DateTimeOffset Occurrence,
    string Kind,
    string? TaskId,
    string? Outcome,
    string? Detail,
    DateTimeOffset At,
    int Count);
