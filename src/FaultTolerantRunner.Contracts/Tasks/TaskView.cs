using System.Text.Json.Nodes;
using TaskStatus = FaultTolerantRunner.Tasks.TaskStatus;

namespace FaultTolerantRunner.Contracts;

/// <summary>A task as the API shows it: parameters and result as JSON, the full attempt history and its transitions.</summary>
/// <param name="Checkpoint">The last checkpoint a handler reported (its own text, at most Tasks:MaxCheckpointBytes), which the next attempt resumes from.</param>
public sealed record TaskView(
    string Id,
    string Tool,
    TaskStatus State,
    JsonNode? Parameters,
    string? IdempotencyKey,
    int? TimeoutSeconds,
    int Attempts,
    JsonNode? Result,
    TaskErrorView? LastError,
    DateTimeOffset? AcceptedAt,
    DateTimeOffset? UpdatedAt,
    IReadOnlyList<AttemptView> AttemptHistory,
    IReadOnlyList<TaskTransitionView> History,
    DateTimeOffset? NextAttemptAt,
    int? MaxRetries,
    int Requeues,
    bool InDeadLetterQueue,
    int RecoveryLevel,
    string? RecoveryStrategy,
    IReadOnlyList<CompensationView>? Compensations = null,
    RetryPolicyView? RetryPolicy = null,
    TaskProgressView? Progress = null,
    string? Checkpoint = null,
    IReadOnlyList<string>? After = null,
    string? AfterCondition = null,
    IReadOnlyList<string>? Awaiting = null);
