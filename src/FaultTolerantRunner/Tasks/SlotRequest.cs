using FaultTolerantRunner.SelfHealing;

namespace FaultTolerantRunner.Tasks;

/// <summary>A task asking for an attempt slot; the queue is ordered by priority (high first), then by when the task was taken in.</summary>
public sealed record SlotRequest(string TaskId, string Tool, TaskPriority Priority, DateTimeOffset TakenInAt)
{
    public static readonly IComparer<SlotRequest> Order = Comparer<SlotRequest>.Create((a, b) =>
    {
        var byPriority = b.Priority.CompareTo(a.Priority);
        if (byPriority != 0) return byPriority;
        var byTime = a.TakenInAt.CompareTo(b.TakenInAt);
        return byTime != 0 ? byTime : string.CompareOrdinal(a.TaskId, b.TaskId);
    });

    public static SlotRequest For(TaskState state) =>
        new(state.Id, state.Spec!.Tool, state.Spec.Priority ?? TaskPriority.Normal, state.TakenInAt);
}
