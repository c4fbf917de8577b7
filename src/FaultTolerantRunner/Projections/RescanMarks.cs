namespace FaultTolerantRunner.Projections;

/// <summary>
/// The reader's offset marked at every re-scan tick since it caught up, newest last: consecutive marks bound a range, and
/// the range a delay's worth of ticks back is due to be read again. Pure, so the schedule's arithmetic is tested alone.
/// </summary>
public sealed class RescanMarks(RescanSchedule schedule)
{
    private readonly List<long> _marks = [];

    /// <summary>The oldest mark kept: no range at or below it is read again.</summary>
    public long Floor => _marks.Count > 0 ? _marks[0] : 0;

    /// <summary>Marks <paramref name="offset"/> and returns the ranges due now, so each range is re-read once per delay.</summary>
    public IReadOnlyList<RescanRange> Mark(long offset)
    {
        _marks.Add(offset);
        var due = new List<RescanRange>();
        foreach (var ticks in schedule.Delays)
        {
            if (_marks.Count < ticks + 2) continue;
            var from = _marks[^(ticks + 2)];
            var to = _marks[^(ticks + 1)];
            if (to > from) due.Add(new RescanRange(from, to, schedule.Interval * ticks));
        }
        var keep = schedule.Delays.DefaultIfEmpty(0).Max() + 2;
        if (_marks.Count > keep) _marks.RemoveRange(0, _marks.Count - keep);
        return due;
    }
}

/// <summary>Orderings (<paramref name="From"/>, <paramref name="To"/>], read again <paramref name="Behind"/> after the reader passed them.</summary>
public readonly record struct RescanRange(long From, long To, TimeSpan Behind);
