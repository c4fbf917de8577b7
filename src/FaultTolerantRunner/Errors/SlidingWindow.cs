namespace FaultTolerantRunner.Errors;

/// <summary>
/// Timestamped observations kept for one window; older ones fall out when counted. Bounded: past
/// <c>capacity</c> the oldest are dropped, so a storm cannot eat memory.
/// </summary>
public sealed class SlidingWindow(TimeSpan window, int capacity = 1_000_000)
{
    private readonly Queue<(DateTimeOffset At, string Key, bool Flag)> _items = new();

    public void Add(DateTimeOffset at, string key, bool flag = false)
    {
        _items.Enqueue((at, key, flag));
        while (_items.Count > capacity) _items.Dequeue();
    }

    /// <summary>The observations inside the window ending at <paramref name="now"/>.</summary>
    public IEnumerable<(DateTimeOffset At, string Key, bool Flag)> Within(DateTimeOffset now)
    {
        var from = now - window;
        while (_items.Count > 0 && _items.Peek().At < from) _items.Dequeue();
        return _items.Where(i => i.At <= now);
    }
}
