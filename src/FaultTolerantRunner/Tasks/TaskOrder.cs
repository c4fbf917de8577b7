namespace FaultTolerantRunner.Tasks;

/// <summary>
/// The task index's list order, newest accepted first and ties by id, kept sorted as tasks arrive (a task's acceptance
/// time never changes), so that a page is a walk over the matches rather than a sort of them per query; a time range
/// narrows the walk to its part of the tree.
/// </summary>
internal sealed class TaskOrder
{
    private readonly SortedSet<Key> _keys = new(KeyComparer.Instance);

    public int Count => _keys.Count;

    public void Add(TaskSlot slot) => _keys.Add(new Key(slot.Summary.AcceptedAt, slot.Summary.Id, slot));

    public void Remove(TaskSummary task) => _keys.Remove(new Key(task.AcceptedAt, task.Id, null));

    /// <summary>Tasks in list order, accepted at or after <paramref name="since"/> and before <paramref name="until"/>.</summary>
    public IEnumerable<TaskSlot> Between(DateTimeOffset? since, DateTimeOffset? until)
    {
        if (since is null && until is null) return Ids(_keys);
        if (since >= until) return [];
        // A null id sorts after every id of its instant: as the first bound it excludes `until`, as the last it includes `since`.
        var first = until is { } u ? new Key(u, null, null) : new Key(DateTimeOffset.MaxValue, "", null);
        var last = new Key(since ?? DateTimeOffset.MinValue, null, null);
        return Ids(_keys.GetViewBetween(first, last));
    }

    private static IEnumerable<TaskSlot> Ids(SortedSet<Key> keys)
    {
        foreach (var key in keys) yield return key.Slot!;
    }

    /// <summary>Ordered by time and id only; the slot rides along (null in bounds and removal probes).</summary>
    private readonly record struct Key(DateTimeOffset AcceptedAt, string? Id, TaskSlot? Slot);

    private sealed class KeyComparer : IComparer<Key>
    {
        public static readonly KeyComparer Instance = new();

        public int Compare(Key x, Key y)
        {
            var byTime = y.AcceptedAt.CompareTo(x.AcceptedAt);
            if (byTime != 0) return byTime;
            if (x.Id is null || y.Id is null) return x.Id is null ? (y.Id is null ? 0 : 1) : -1;
            return string.CompareOrdinal(x.Id, y.Id);
        }
    }
}
