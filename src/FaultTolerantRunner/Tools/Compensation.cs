namespace FaultTolerantRunner.Tools;

/// <summary>A journaled compensation as its tool's compensator receives it.</summary>
/// <param name="Number">Its number in the task (1 for the first registered); with the task id, a key to make the undo idempotent.</param>
/// <param name="Attempt">The attempt that registered it.</param>
/// <param name="Try">1 for the first run; a failed run is tried again with backoff, and a restart may run it again (at least once).</param>
public sealed record Compensation(string TaskId, int Number, string Name, string? Data, int Attempt, CompensationScope Scope, int Try);
