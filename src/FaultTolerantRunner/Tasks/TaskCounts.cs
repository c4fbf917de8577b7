namespace FaultTolerantRunner.Tasks;

/// <summary>
/// Tasks per state, unfinished and in the dead-letter queue, kept as the index changes, so the status answer, the overview
/// and an unfiltered or state-only list's total need no scan of every task.
/// </summary>
internal sealed class TaskCounts
{
    private readonly Dictionary<TaskStatus, int> _byStatus = [];

    public int Unfinished { get; private set; }

    public int DeadLettered { get; private set; }

    public int Of(TaskStatus status) => _byStatus.GetValueOrDefault(status);

    public IReadOnlyDictionary<TaskStatus, int> ByStatus() => _byStatus.Where(kv => kv.Value > 0).ToDictionary();

    /// <summary>A task's summary changed from <paramref name="before"/> (null: new) to <paramref name="after"/> (null: left the index).</summary>
    public void Change(TaskSummary? before, TaskSummary? after)
    {
        if (before is not null) Count(before, -1);
        if (after is not null) Count(after, +1);
    }

    private void Count(TaskSummary task, int delta)
    {
        _byStatus[task.Status] = _byStatus.GetValueOrDefault(task.Status) + delta;
        if (!task.Status.IsTerminal()) Unfinished += delta;
        if (task.InDeadLetterQueue) DeadLettered += delta;
    }
}
