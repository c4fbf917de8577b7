using FaultTolerantRunner.Supervision;
using FaultTolerantRunner.Taxonomy;

namespace FaultTolerantRunner.Tasks;

/// <summary>
/// Waiting for resources: a task without an attempt slot on its node waits for one (WaitingForResource, no attempt
/// consumed) until the node's <see cref="AttemptSlots"/> grants it; after a resource failure the next attempt waits for
/// another attempt of the tool to free a slot, or its backoff (the probe), never longer than Retry:resource:MaxWait.
/// </summary>
public sealed partial class TaskDecider
{
    /// <summary>No slot: journal the wait once; the keeper tells the entity when its turn comes. Null: the slot is there.</summary>
    private static TaskDecision? WaitForSlot(TaskState state, SlotAnswer? slot, DateTimeOffset now)
    {
        if (slot is null || slot.Granted) return null;
        return state.Status == TaskStatus.WaitingForResource ? TaskDecision.Nothing : new([WaitingForSlot(state, slot, now)], null, []);
    }

    private static TaskWaitingForResource WaitingForSlot(TaskState state, SlotAnswer slot, DateTimeOffset now) =>
        new(state.Spec!.Tool, $"waiting for an attempt slot: {slot.Reason ?? "none free"}", now);

    /// <summary>
    /// A resource failure: the retry waits for the resource rather than a blind backoff. It is due at its backoff delay
    /// capped by Retry:resource:MaxWait, earlier when another attempt of the tool frees its slot; then it runs as any retry.
    /// </summary>
    private TaskWaitingForResource? AwaitResource(TaskState state, AttemptProtocol.Failed failure, ref FailureVerdict verdict, DateTimeOffset now)
    {
        if (failure.Classification.Category != ErrorCategory.Resource) return null;
        var tool = state.Spec!.Tool;
        var maxWait = rules.Retry.For(tool, ErrorCategory.Resource).MaxWait ?? RetryPolicy.DefaultResourceMaxWait;
        if (verdict.Delay > maxWait) verdict = verdict with { Delay = maxWait };
        return new TaskWaitingForResource(tool, $"resource failure ({failure.Error.Message})", now, now + verdict.Delay);
    }
}
