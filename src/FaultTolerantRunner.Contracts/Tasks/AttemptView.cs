namespace FaultTolerantRunner.Contracts;

/// <summary>One attempt of a task: where and when it ran, how it ended, its error if it failed, and the fallback tool it ran, if any.</summary>
public sealed record AttemptView(
    int Number,
    string Node,
    DateTimeOffset StartedAt,
    DateTimeOffset? EndedAt,
    string? Outcome,
    double? DurationMs,
    TaskErrorView? Error,
    string? Tool = null);
