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

    /// <summary>Oldest first by last change, so a backlog drains from its oldest end.</summary>
    public static TaskIndexProtocol.ExpiredTasks Expired(IEnumerable<TaskSlot> tasks, TaskIndexProtocol.SelectExpired query, bool complete)
    {
        var finished = new List<TaskSummary>();
        var dead = new List<TaskSummary>();
        foreach (var slot in tasks)
        {
            var task = slot.Summary;
            if (task.NeedsResuming) continue;
            if (task.Status is TaskStatus.Succeeded or TaskStatus.Degraded or TaskStatus.Cancelled && task.UpdatedAt < query.FinishedBefore) finished.Add(task);
            else if (task is { Status: TaskStatus.DeadLettered, Purged: true } && task.UpdatedAt < query.PurgedBefore) dead.Add(task);
        }
        var take = Math.Max(0, query.Limit);
        var oldFinished = finished.OrderBy(t => t.UpdatedAt).Take(take).Select(t => t.Id).ToList();
        var oldDead = dead.OrderBy(t => t.UpdatedAt).Take(take - oldFinished.Count).Select(t => t.Id).ToList();
        return new TaskIndexProtocol.ExpiredTasks(oldFinished, oldDead, complete);
    }

    private static string? SkipReason(TaskSummary task, TaskBulkTarget target) => target switch
    {
        TaskBulkTarget.Unfinished => task.Status.IsTerminal() ? Finished : null,
        _ when task.Status != TaskStatus.DeadLettered => NotDeadLettered,
        _ => task.Purged ? Purged : null,
    };
}
