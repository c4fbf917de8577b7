namespace FaultTolerantRunner.Projections;

/// <summary>
/// The journal orderings a follower has handed on, one bit each (orderings are dense across the journal, so a bitmap is
/// a few hundred KB for ten minutes of a busy journal where a set of longs would be tens of MB). Lets a re-read tell an
/// event it has seen from one the live reader skipped.
/// </summary>
public sealed class OrderingSet
{
    private readonly Dictionary<long, ulong> _words = new();

    /// <summary>Orderings at or below it are forgotten and count as seen.</summary>
    public long Floor { get; private set; }

    /// <summary>Adds <paramref name="ordering"/>; false if it was there already (or is forgotten).</summary>
    public bool Add(long ordering)
    {
        if (ordering <= Floor) return false;
        var key = ordering >> 6;
        var bit = 1UL << (int)(ordering & 63);
        var word = _words.GetValueOrDefault(key);
        if ((word & bit) != 0) return false;
        _words[key] = word | bit;
        return true;
    }

    public bool Contains(long ordering) =>
        ordering <= Floor || (_words.GetValueOrDefault(ordering >> 6) & (1UL << (int)(ordering & 63))) != 0;

    /// <summary>Forgets every ordering at or below <paramref name="floor"/> (never lowers the floor).</summary>
    public void Forget(long floor)
    {
        if (floor <= Floor) return;
        Floor = floor;
        // Words wholly at or below the floor go; the one it cuts through stays and Floor masks its lower bits.
        foreach (var key in _words.Keys.Where(k => (k << 6) + 63 <= floor).ToList()) _words.Remove(key);
    }
}
