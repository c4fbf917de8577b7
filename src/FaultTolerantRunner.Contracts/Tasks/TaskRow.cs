using FaultTolerantRunner.Taxonomy;
using TaskStatus = FaultTolerantRunner.Tasks.TaskStatus;

namespace FaultTolerantRunner.Contracts;

/// <summary>A task as lists show it (<c>GET /api/tasks</c>, <c>GET /api/dlq</c>): enough to find it, without its history.</summary>
public sealed record TaskRow(
    string Id,
    string Tool,
    TaskStatus Status,
    int Attempts,
    DateTimeOffset AcceptedAt,
    DateTimeOffset UpdatedAt,
    string? LastError,
    ErrorCategory? Category,
    bool Purged,
    DateTimeOffset? DeadLetteredAt,
    bool InDeadLetterQueue,
    string? IdempotencyKey = null);
