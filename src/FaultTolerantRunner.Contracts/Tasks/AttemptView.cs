using System.Text.Json.Serialization;

namespace FaultTolerantRunner.Contracts;

/// <summary>
/// One attempt of a task: where and when it ran, how it ended, its error if it failed, the fallback tool it ran, if any,
/// and the recovery level in force for it (null when it ran under no recovery plan; always written).
/// </summary>
public sealed record AttemptView(
    int Number,
    string Node,
    DateTimeOffset StartedAt,
    DateTimeOffset? EndedAt,
    string? Outcome,
    double? DurationMs,
    TaskErrorView? Error,
    string? Tool = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] int? RecoveryLevel = null);
