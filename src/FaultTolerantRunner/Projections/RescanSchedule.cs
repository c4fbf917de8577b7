namespace FaultTolerantRunner.Projections;

/// <summary>
/// When a tag follower reads again what its live reader has passed: every <paramref name="Interval"/> it marks its offset,
/// and each range between two marks is read again <paramref name="Delays"/> intervals after the later mark.
/// </summary>
public sealed record RescanSchedule(TimeSpan Interval, IReadOnlyList<int> Delays)
{
    public TimeSpan Interval { get; } = Interval > TimeSpan.Zero ? Interval : throw new ArgumentOutOfRangeException(nameof(Interval), Interval, "must be positive");

    public IReadOnlyList<int> Delays { get; } = Delays.All(d => d is >= 0 and <= 1_000) ? Delays
        : throw new ArgumentOutOfRangeException(nameof(Delays), string.Join(",", Delays), "each delay is 0 to 1000 intervals");

    /// <summary>Every 30 s; each range again after ~1 and ~10 minutes: catches commits up to ~10 minutes late, reading each event three times in all.</summary>
    public static readonly RescanSchedule Default = new(TimeSpan.FromSeconds(30), [2, 20]);

    /// <summary>No re-reads: the live reader alone.</summary>
    public static readonly RescanSchedule None = new(TimeSpan.FromSeconds(30), []);
}
