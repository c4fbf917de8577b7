namespace FaultTolerantRunner.Tasks;

/// <summary>The task index's answer to a bulk act's question, in one walk over the matches: which ids to act on, and why not the others.</summary>
internal static class TaskSelection
{
    public const string Finished = "already-finished";
    public const string NotDeadLettered = "not-dead-lettered";
    public const string Purged = "purged";

    public static TaskIndexProtocol.Selection Select(IEnumerable<TaskSlot> window, TaskIndexProtocol.SelectTasks query, bool complete)
    {
        var ids = new List<string>();
        var skipped = new Dictionary<string, int>(StringComparer.Ordinal);
        int matched = 0, eligible = 0;
        foreach (var slot in window)
        {
            var task = slot.Summary;
            if (!query.Filter.Matches(task)) continue;
            matched++;
            if (SkipReason(task, query.Target) is { } reason)
            {
                skipped[reason] = skipped.GetValueOrDefault(reason) + 1;
                continue;
            }
            eligible++;
            if (ids.Count < query.Limit) ids.Add(task.Id);
        }
        return new TaskIndexProtocol.Selection(matched, eligible, ids, skipped, complete);
    }

    private static string? SkipReason(TaskSummary task, TaskBulkTarget target) => target switch
    {
        TaskBulkTarget.Unfinished => task.Status.IsTerminal() ? Finished : null,
        _ when task.Status != TaskStatus.DeadLettered => NotDeadLettered,
        _ => task.Purged ? Purged : null,
    };
}
