namespace FaultTolerantRunner.Schedules;

/// <summary>One entry of a schedule's recent history: an occurrence fired, triggered, skipped, buffered, missed or failed.</summary>
/// <param name="Count">For <c>missed</c>: how many occurrences the entry stands for (counted up to 10,000).</param>
public sealed record ScheduleFiring(DateTimeOffset Occurrence, string Kind, string? TaskId, string? Detail, DateTimeOffset At, int Count = 1);
