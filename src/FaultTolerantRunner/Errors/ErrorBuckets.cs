namespace FaultTolerantRunner.Errors;

/// <summary>
/// A fingerprint's reports counted per minute, oldest first and at most <see cref="Max"/> minutes kept: what "counts over
/// time" needs, bounded whatever the volume (a group holds 60 small records, not its reports).
/// </summary>
public static class ErrorBuckets
{
    public static readonly TimeSpan Width = TimeSpan.FromMinutes(1);

    /// <summary>The newest minutes kept; older ones fall off as new ones open.</summary>
    public const int Max = 60;

    public static DateTimeOffset StartOf(DateTimeOffset at)
    {
        var ticks = at.UtcTicks;
        return new DateTimeOffset(ticks - ticks % Width.Ticks, TimeSpan.Zero);
    }

    /// <summary>The buckets with one more report at <paramref name="at"/>; a report older than every kept minute of a full series is not counted.</summary>
    public static IReadOnlyList<ErrorBucket> Add(IReadOnlyList<ErrorBucket> buckets, DateTimeOffset at)
    {
        var start = StartOf(at);
        var list = buckets.ToList();
        // Reports are read in journal order, which is nearly time order: search from the newest end.
        var i = list.Count - 1;
        while (i >= 0 && list[i].Start > start) i--;
        if (i >= 0 && list[i].Start == start)
        {
            list[i] = list[i] with { Count = list[i].Count + 1 };
            return list;
        }
        if (list.Count >= Max && i < 0) return buckets;
        list.Insert(i + 1, new ErrorBucket(start, 1));
        if (list.Count > Max) list.RemoveRange(0, list.Count - Max);
        return list;
    }

    /// <summary>The last <paramref name="minutes"/> minutes up to <paramref name="now"/>'s, zero where nothing came, oldest first.</summary>
    public static IReadOnlyList<ErrorBucket> Series(IReadOnlyList<ErrorBucket> buckets, DateTimeOffset now, int minutes)
    {
        var counts = buckets.ToDictionary(b => b.Start, b => b.Count);
        var last = StartOf(now);
        return Enumerable.Range(0, minutes)
            .Select(k => last - Width * (minutes - 1 - k))
            .Select(start => new ErrorBucket(start, counts.GetValueOrDefault(start)))
            .ToArray();
    }
}
