using FaultTolerantRunner.Projections;

namespace FaultTolerantRunner.Tasks;

/// <summary>Queries the node-local task index answers.</summary>
public static class TaskIndexProtocol
{
    /// <summary>Newest first (ties by id); <paramref name="Offset"/> and <paramref name="Limit"/> page through the matches.</summary>
    public sealed record ListTasks(TaskFilter Filter, int Offset, int Limit);

    /// <summary>
    /// Answered with <see cref="Overview"/>: the throughput of the last <paramref name="Window"/> in bars of
    /// <paramref name="Bucket"/> (clamped to a window of at most 2 h and bars of 10 s up to the window).
    /// </summary>
    public sealed record GetOverview(TimeSpan Window, TimeSpan Bucket);

    /// <param name="Counts">Tasks in the index per state (states with none are absent).</param>
    /// <param name="Buckets">Oldest first, every bar present even when zero (<see cref="ThroughputBucket"/>).</param>
    /// <param name="DeadLettered">Tasks in the dead-letter queue (dead-lettered and not purged).</param>
    /// <param name="Complete">False while the index is still catching up with the journal after a start.</param>
    public sealed record Overview(IReadOnlyDictionary<TaskStatus, int> Counts, IReadOnlyList<ThroughputBucket> Buckets, int DeadLettered, int Total,
        bool Complete);

    /// <summary>
    /// Answered with <see cref="Selection"/>: of the tasks matching <paramref name="Filter"/>, the ids a bulk act on
    /// <paramref name="Target"/> may touch (at most <paramref name="Limit"/>, newest first) and why the others are skipped.
    /// </summary>
    public sealed record SelectTasks(TaskFilter Filter, TaskBulkTarget Target, int Limit);

    /// <param name="Matched">Tasks matching the filter.</param>
    /// <param name="Eligible">Of those, the ones the act applies to; <paramref name="Ids"/> holds the first of them.</param>
    /// <param name="Skipped">The matches it does not apply to, counted per reason.</param>
    public sealed record Selection(int Matched, int Eligible, IReadOnlyList<string> Ids, IReadOnlyDictionary<string, int> Skipped, bool Complete);

    /// <summary>
    /// Answered with <see cref="ExpiredTasks"/>: up to <paramref name="Limit"/> tasks retention may delete — finished well or
    /// cancelled (no compensation open) before <paramref name="FinishedBefore"/>, purged dead letters last touched before <paramref name="PurgedBefore"/>.
    /// </summary>
    public sealed record SelectExpired(DateTimeOffset FinishedBefore, DateTimeOffset PurgedBefore, int Limit);

    public sealed record ExpiredTasks(IReadOnlyList<string> Finished, IReadOnlyList<string> DeadLetters, bool Complete);

    /// <summary>Retention deleted these tasks from the journal: every node's index drops them (sent to each member's index).</summary>
    public sealed record ForgetTasks(IReadOnlyList<string> TaskIds) : Serialization.IFtrSerializable;

    /// <summary>Tasks in the dead-letter queue, newest first, filtered by tool, error category and dead-letter time.</summary>
    public sealed record ListDeadLetters(string? Tool, Taxonomy.ErrorCategory? Category, DateTimeOffset? Since, int Offset, int Limit);

    /// <summary><paramref name="Complete"/> is false while the index is still catching up with the journal after a start.</summary>
    public sealed record TaskList(IReadOnlyList<TaskSummary> Items, int Total, int Offset, int Limit, bool Complete = true);

    /// <summary>Answered with <see cref="UnfinishedTasks"/>: what the resume sweep wakes (also ended tasks whose compensations have not all run).</summary>
    public sealed record ListUnfinished
    {
        public static readonly ListUnfinished Instance = new();
    }

    /// <param name="Complete">False while the index is still catching up: the list may miss tasks.</param>
    public sealed record UnfinishedTasks(IReadOnlyList<string> TaskIds, bool Complete);

    /// <summary>
    /// The sender is told <see cref="IndexCaughtUp"/> once the index has caught up with the journal: at once if it has, else
    /// when it does. (An index that restarts forgets its subscribers; the resume sweep's ticks cover that.)
    /// </summary>
    public sealed record SubscribeCaughtUp
    {
        public static readonly SubscribeCaughtUp Instance = new();
    }

    public sealed record IndexCaughtUp(long Offset);

    /// <summary>Answered with <see cref="IndexStatus"/>; used by readiness checks and tests.</summary>
    public sealed record GetIndexStatus
    {
        public static readonly GetIndexStatus Instance = new();
    }

    /// <param name="Rereads">Events read again by re-scans (<see cref="RescanSchedule"/>).</param>
    /// <param name="LateEvents">Of those, the ones the live reader had skipped (committed after it gave their gap up).</param>
    public sealed record IndexStatus(bool CaughtUp, int Tasks, long Offset, int Unfinished = 0, int DeadLettered = 0, long Rereads = 0, long LateEvents = 0);
}
