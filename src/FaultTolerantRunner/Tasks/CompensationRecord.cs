using FaultTolerantRunner.Tools;

namespace FaultTolerantRunner.Tasks;

/// <summary>A registered compensation and, once it ran, its outcome ("succeeded" or "failed", after <paramref name="Tries"/> runs).</summary>
public sealed record CompensationRecord(
    int Number,
    int Attempt,
    string Tool,
    string Name,
    string? Data,
    CompensationScope Scope,
    DateTimeOffset RegisteredAt,
    DateTimeOffset? RanAt = null,
    string? Outcome = null,
    string? Error = null,
    int Tries = 0)
{
    public bool Ran => Outcome is not null;

    public Compensation ToCompensation(string taskId, int attempt) => new(taskId, Number, Name, Data, Attempt, Scope, attempt);
}
