using FaultTolerantRunner.Tasks;
using FaultTolerantRunner.Taxonomy;

namespace FaultTolerantRunner.Tests.Tasks;

/// <summary>The throughput ring's memory is fixed: a slot reused hours later starts from zero, and what it overwrote is gone.</summary>
public sealed class ThroughputRingSpecs
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);
    private static readonly TaskError Error = new("Test.Error", "it broke", ErrorCategory.Transient, Severity.Medium, null, null);

    [Fact]
    public void A_slot_reused_four_hours_later_counts_only_its_new_events_and_late_old_ones_are_dropped()
    {
        var ring = new ThroughputRing();
        ring.Record(new AttemptSucceeded(1, null, 1, T0.AddSeconds(3)));
        var later = T0.AddHours(4);

        ring.Record(new AttemptFailed(1, Error, 1, null, later.AddSeconds(1)));
        ring.Record(new AttemptSucceeded(1, null, 1, T0.AddSeconds(4)));

        var bar = Assert.Single(ring.Buckets(later.AddSeconds(5), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10)));
        Assert.Equal(new ThroughputBucket(later, 0, 0, 1), bar);
    }

    [Fact]
    public void Bars_are_aligned_to_their_length_and_end_with_the_one_holding_now()
    {
        var ring = new ThroughputRing();
        ring.Record(new TaskFailed(Error, T0.AddMinutes(-7)));
        ring.Record(new TaskDeadLettered(Error, "exhausted", T0.AddMinutes(-6).AddSeconds(-1)));

        var bars = ring.Buckets(T0.AddMinutes(2), TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(5));

        Assert.Equal([T0.AddMinutes(-10), T0.AddMinutes(-5), T0], bars.Select(b => b.Start));
        Assert.Equal([2, 0, 0], bars.Select(b => b.Failed));
    }
}
