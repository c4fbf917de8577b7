using FaultTolerantRunner.Errors;
using FaultTolerantRunner.Recovery;
using FaultTolerantRunner.Taxonomy;

namespace FaultTolerantRunner.Tests.Errors;

public sealed class ErrorBucketsSpecs
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 3, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Reports_in_the_same_minute_share_a_bucket_and_a_new_minute_opens_one()
    {
        IReadOnlyList<ErrorBucket> buckets = [];
        buckets = ErrorBuckets.Add(buckets, T0.AddSeconds(5));
        buckets = ErrorBuckets.Add(buckets, T0.AddSeconds(59));
        buckets = ErrorBuckets.Add(buckets, T0.AddMinutes(3).AddSeconds(1));

        Assert.Equal([new ErrorBucket(T0, 2), new ErrorBucket(T0.AddMinutes(3), 1)], buckets);
    }

    [Fact]
    public void A_late_report_lands_in_its_own_minute_in_order()
    {
        IReadOnlyList<ErrorBucket> buckets = [];
        buckets = ErrorBuckets.Add(buckets, T0.AddMinutes(5));
        buckets = ErrorBuckets.Add(buckets, T0.AddMinutes(2));
        buckets = ErrorBuckets.Add(buckets, T0.AddMinutes(5).AddSeconds(30));

        Assert.Equal([new ErrorBucket(T0.AddMinutes(2), 1), new ErrorBucket(T0.AddMinutes(5), 2)], buckets);
    }

    [Fact]
    public void At_most_Max_minutes_are_kept_the_oldest_falling_off_and_older_reports_are_not_counted()
    {
        IReadOnlyList<ErrorBucket> buckets = [];
        for (var m = 0; m < ErrorBuckets.Max + 10; m++) buckets = ErrorBuckets.Add(buckets, T0.AddMinutes(m));
        var full = ErrorBuckets.Add(buckets, T0);

        Assert.Equal(ErrorBuckets.Max, buckets.Count);
        Assert.Equal(T0.AddMinutes(10), buckets[0].Start);
        Assert.Equal(T0.AddMinutes(ErrorBuckets.Max + 9), buckets[^1].Start);
        Assert.Same(buckets, full);
    }

    [Fact]
    public void A_series_fills_the_minutes_without_reports_with_zero_and_ends_at_now()
    {
        IReadOnlyList<ErrorBucket> buckets = [new ErrorBucket(T0, 4), new ErrorBucket(T0.AddMinutes(2), 1)];

        var series = ErrorBuckets.Series(buckets, T0.AddMinutes(3).AddSeconds(20), 5);

        Assert.Equal([0, 4, 0, 1, 0], series.Select(b => b.Count));
        Assert.Equal(T0.AddMinutes(-1), series[0].Start);
        Assert.Equal(T0.AddMinutes(3), series[^1].Start);
    }

    [Fact]
    public void A_group_counts_its_reports_per_minute()
    {
        var first = Report("r1", T0.AddSeconds(1));
        var group = ErrorGroup.From(first).With(Report("r2", T0.AddSeconds(40))).With(Report("r3", T0.AddMinutes(1)));

        Assert.Equal(3, group.Count);
        Assert.Equal([new ErrorBucket(T0, 2), new ErrorBucket(T0.AddMinutes(1), 1)], group.PerMinute);
    }

    private static FailureRecorded Report(string id, DateTimeOffset at) =>
        new(id, "flaky:transient:0123", ErrorCategory.Transient, Severity.Medium, "flaky", "task-1", 1, "node", "IOException",
            "boom", null, null, 1, true, at);
}
