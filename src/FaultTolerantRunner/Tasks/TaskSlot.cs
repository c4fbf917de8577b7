namespace FaultTolerantRunner.Tasks;

/// <summary>
/// The task index's place for one task: the list order holds the slot, so a walk over the order reads each task's
/// current summary without a lookup by id, while events replace the summary in it.
/// </summary>
internal sealed class TaskSlot(TaskSummary summary)
{
    public TaskSummary Summary { get; set; } = summary;
}
