using System.Text.Json.Nodes;
using FaultTolerantRunner.Contracts;
using FaultTolerantRunner.Tasks;
using FaultTolerantRunner.Taxonomy;

namespace FaultTolerantRunner.Node.Api;

/// <summary>Tasks as the wire shows them: the journaled state turned into the contract's views.</summary>
internal static class TaskViews
{
    /// <param name="policies">The node's retry policies: the view then shows what each category retries by.</param>
    public static TaskView From(TaskState task, Supervision.RetryPolicies? policies = null) => new(
        task.Id,
        task.Spec?.Tool ?? "",
        task.Status,
        task.Spec is null ? null : JsonNode.Parse(task.Spec.Parameters),
        task.Spec?.IdempotencyKey,
        task.Spec?.TimeoutSeconds,
        task.AttemptCount,
        task.Result is null ? null : JsonNode.Parse(task.Result),
        TaskErrorViews.LastError(task),
        task.AcceptedAt,
        task.UpdatedAt,
        task.Attempts.Select(a => new AttemptView(a.Number, a.Node, a.StartedAt, a.EndedAt, a.Outcome, a.DurationMs, TaskErrorViews.Attempt(task, a), a.Tool, a.RecoveryLevel)).ToArray(),
        task.History.Select(t => new TaskTransitionView(t.At, t.Event, t.Status, t.Detail, t.RetryAt, t.DelayMs)).ToArray(),
        task.NextAttemptAt,
        task.Spec?.MaxRetries,
        task.Requeues,
        task.InDeadLetterQueue,
        task.RecoveryLevel,
        task.CurrentPlan?.Strategy,
        (task.Compensations ?? []).Select(c => new CompensationView(c.Number, c.Name, Data(c.Data), c.Attempt, c.Tool, TaskCompensations.ScopeName(c.Scope),
            c.RegisteredAt, c.RanAt, TaskCompensations.StatusOf(task, c), c.Error, c.Tries)).ToArray(),
        RetryPolicyViews.Of(task, policies),
        task.Progress is { } p ? new TaskProgressView(p.Percent, p.Message, p.At, p.Attempt) : null,
        task.Checkpoint,
        task.Spec?.After,
        task.Spec is { Awaits: true } spec ? TaskContinuations.ConditionName(spec) : null,
        task.Spec is { Awaits: true } ? task.PendingPredecessors : null);

    /// <summary>A compensation's data as JSON when it is JSON, else as the text it is.</summary>
    private static JsonNode? Data(string? data)
    {
        if (data is null) return null;
        try
        {
            return JsonNode.Parse(data);
        }
        catch (System.Text.Json.JsonException)
        {
            return JsonValue.Create(data);
        }
    }

    public static TaskRow Row(TaskSummary s) =>
        new(s.Id, s.Tool, s.Status, s.Attempts, s.AcceptedAt, s.UpdatedAt, s.LastError, s.Category, s.Purged, s.DeadLetteredAt, s.InDeadLetterQueue,
            s.IdempotencyKey);

    public static ListPage<TaskRow> Page(TaskIndexProtocol.TaskList list, int offset, int limit) =>
        ListPage<TaskRow>.Of(list.Items.Select(Row).ToArray(), list.Total, offset, limit, list.Complete);

    /// <summary>Journaled categories are the taxonomy's names; anything else reads as unknown rather than failing the answer.</summary>
    public static ErrorCategory Category(string? name) => Names.CategoryOf(name) ?? ErrorCategory.Unknown;
}
