namespace FaultTolerantRunner.Contracts;

/// <summary><c>GET /api/dlq/{id}</c>: a dead-lettered task and the error report that put it there.</summary>
public sealed record DlqEntryView(TaskView Task, DlqErrorReport Error);
