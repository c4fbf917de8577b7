using System.Text.Json.Nodes;
using FaultTolerantRunner.Tasks;

namespace FaultTolerantRunner.Node.Api;

/// <summary>A task as the HTTP API shows it: parameters and result as JSON, the full attempt history.</summary>
public sealed record TaskDto(
    string Id,
    string Tool,
    string State,
    JsonNode? Parameters,
    string? IdempotencyKey,
    int? TimeoutSeconds,
    int Attempts,
    JsonNode? Result,
    TaskError? LastError,
    DateTimeOffset? AcceptedAt,
    DateTimeOffset? UpdatedAt,
    IReadOnlyList<AttemptRecord> AttemptHistory,
    IReadOnlyList<TaskTransition> History,
    DateTimeOffset? NextAttemptAt,
    int? MaxRetries,
    int Requeues,
    bool InDeadLetterQueue,
    int RecoveryLevel,
    string? RecoveryStrategy)
{
    public static TaskDto From(TaskState task) => new(
        task.Id,
        task.Spec?.Tool ?? "",
        task.Status.ToString(),
        task.Spec is null ? null : JsonNode.Parse(task.Spec.Parameters),
        task.Spec?.IdempotencyKey,
        task.Spec?.TimeoutSeconds,
        task.AttemptCount,
        task.Result is null ? null : JsonNode.Parse(task.Result),
        task.LastError,
        task.AcceptedAt,
        task.UpdatedAt,
        task.Attempts,
        task.History,
        task.NextAttemptAt,
        task.Spec?.MaxRetries,
        task.Requeues,
        task.InDeadLetterQueue,
        task.RecoveryLevel,
        task.CurrentPlan?.Strategy);
}
