namespace FaultTolerantRunner.Tasks;

/// <summary>
/// The task index's throughput counters: per 10-second slot of event time, tasks that ended well, tasks that ended badly
/// and failed attempts, in a fixed ring (1,440 slots, 4 h: a 2 h window of buckets aligned to their length reaches back at
/// most twice its length). Memory stays constant however many tasks pass; events older than the ring are not counted.
/// </summary>
internal sealed class ThroughputRing
{
    public static readonly TimeSpan Slot = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan MaxWindow = TimeSpan.FromHours(2);

    private const int Slots = 1_440;
    private const long SlotMilliseconds = 10_000;
    private readonly long[] _slotOf = new long[Slots];
    private readonly int[] _succeeded = new int[Slots];
    private readonly int[] _failed = new int[Slots];
    private readonly int[] _attemptsFailed = new int[Slots];

    public ThroughputRing() => Array.Fill(_slotOf, long.MinValue);

    /// <summary>Counts an event; the caller applies each event once (the index's sequence-number check).</summary>
    public void Record(ITaskEvent e)
    {
        var counter = e switch
        {
            AttemptSucceeded => _succeeded,
            TaskFailed or TaskDeadLettered => _failed,
            AttemptFailed => _attemptsFailed,
            _ => null,
        };
        if (counter is null) return;
        var slot = SlotOf(e.At);
        var i = Index(slot);
        if (_slotOf[i] > slot) return; // older than the ring: its place already holds a later slot
        if (_slotOf[i] < slot)
        {
            _slotOf[i] = slot;
            _succeeded[i] = _failed[i] = _attemptsFailed[i] = 0;
        }
        counter[i]++;
    }

    /// <summary>
    /// Buckets oldest first, each aligned to a multiple of its length, the last holding <paramref name="now"/>; every bucket
    /// is present, zero or not. The window is clamped to [10 s, 2 h] and the bucket to [10 s, window], rounded up to whole slots.
    /// </summary>
    public IReadOnlyList<ThroughputBucket> Buckets(DateTimeOffset now, TimeSpan window, TimeSpan bucket)
    {
        var windowTicks = Math.Clamp(window.Ticks, Slot.Ticks, MaxWindow.Ticks);
        var windowSlots = (windowTicks + Slot.Ticks - 1) / Slot.Ticks;
        var bucketSlots = Math.Min(windowSlots, (Math.Clamp(bucket.Ticks, Slot.Ticks, windowTicks) + Slot.Ticks - 1) / Slot.Ticks);
        var count = (windowSlots + bucketSlots - 1) / bucketSlots;
        var nowSlot = SlotOf(now);
        var first = nowSlot - nowSlot % bucketSlots - (count - 1) * bucketSlots;
        var buckets = new List<ThroughputBucket>((int)count);
        for (var start = first; start <= nowSlot; start += bucketSlots)
        {
            int succeeded = 0, failed = 0, attemptsFailed = 0;
            for (var slot = start; slot < start + bucketSlots; slot++)
            {
                var i = Index(slot);
                if (_slotOf[i] != slot) continue;
                succeeded += _succeeded[i];
                failed += _failed[i];
                attemptsFailed += _attemptsFailed[i];
            }
            buckets.Add(new ThroughputBucket(DateTimeOffset.FromUnixTimeMilliseconds(start * SlotMilliseconds), succeeded, failed, attemptsFailed));
        }
        return buckets;
    }

    private static long SlotOf(DateTimeOffset at) => Math.Max(0, at.ToUnixTimeMilliseconds()) / SlotMilliseconds;

    private static int Index(long slot) => (int)(slot % Slots);
}
