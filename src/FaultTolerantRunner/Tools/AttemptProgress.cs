namespace FaultTolerantRunner.Tools;

/// <summary>An attempt's progress wiring: the runner's reporter, the checkpoint earlier attempts left and the checkpoint bound.</summary>
/// <param name="Report">Hands a validated report to the runner (it throttles); must not block.</param>
public sealed record AttemptProgress(Action<ProgressReport> Report, string? Checkpoint, int MaxCheckpointBytes);
