using System.Collections.Immutable;
using FaultTolerantRunner.Breakers;

namespace FaultTolerantRunner.Tests.Breakers;

/// <summary>The replicated book's merge: whatever the order, duplication or lateness of updates, every node keeps the same, newest record.</summary>
public sealed class BreakerBookSpecs
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 3, 9, 0, 0, TimeSpan.Zero);

    private static readonly BreakerRecord Opened = Record(BreakerStatus.Open, 1, T0, "node-a", reason: "failure ratio 80 %");
    private static readonly BreakerRecord HalfOpened = Record(BreakerStatus.HalfOpen, 2, T0.AddSeconds(30), "node-a");
    private static readonly BreakerRecord Closed = Record(BreakerStatus.Closed, 3, T0.AddSeconds(31), "node-a");

    [Fact]
    public void Updates_merged_in_any_order_give_the_same_book()
    {
        BreakerRecord[] updates = [Opened, HalfOpened, Closed, Record(BreakerStatus.Open, 1, T0, "other-svc", service: "other")];

        var books = Permutations(updates).Select(order => order.Aggregate(BreakerBook.Empty, (book, r) => book.With(r))).ToArray();

        Assert.All(books, book => Assert.Equal(books[0], book));
        Assert.Equal(Closed, books[0].Find("svc"));
        Assert.Equal(["other", "svc"], books[0].Records.Select(r => r.Service));
    }

    [Fact]
    public void A_late_open_cannot_reopen_a_breaker_that_closed_since()
    {
        var book = BreakerBook.Empty.With(Closed).With(Opened).With(HalfOpened);

        Assert.Equal(BreakerStatus.Closed, book.Find("svc")!.Status);
        Assert.False(Opened.Supersedes(Closed));
    }

    [Fact]
    public void A_duplicated_update_changes_nothing()
    {
        var book = BreakerBook.Empty.With(Opened);

        Assert.Same(book, book.With(Opened));
        Assert.False(Opened.Supersedes(Opened));
        Assert.Equal(book, book.Merge(book));
    }

    [Fact]
    public void The_higher_epoch_wins_even_when_it_is_older_by_the_clock()
    {
        // Node clocks drift: the epoch orders transitions, time only breaks ties.
        var newerEpochOlderClock = Record(BreakerStatus.Closed, 5, T0, "node-b");
        var olderEpochNewerClock = Record(BreakerStatus.Open, 4, T0.AddMinutes(5), "node-a");

        Assert.Equal(newerEpochOlderClock, BreakerBook.Empty.With(newerEpochOlderClock).With(olderEpochNewerClock).Find("svc"));
        Assert.Equal(newerEpochOlderClock, BreakerBook.Empty.With(olderEpochNewerClock).With(newerEpochOlderClock).Find("svc"));
    }

    [Fact]
    public void An_operators_reset_beats_an_automatic_open_of_the_same_epoch()
    {
        // Node a re-opens on a failed probe while node b's operator resets: both wrote epoch 4.
        var reopened = Record(BreakerStatus.Open, 4, T0.AddSeconds(2), "node-a");
        var reset = Record(BreakerStatus.Closed, 4, T0, "node-b", manual: true);

        var ab = BreakerBook.Empty.With(reopened).Merge(BreakerBook.Empty.With(reset));
        var ba = BreakerBook.Empty.With(reset).Merge(BreakerBook.Empty.With(reopened));

        Assert.Equal(reset, ab.Find("svc"));
        Assert.Equal(ab, ba);
    }

    [Fact]
    public void Merge_is_commutative_associative_and_idempotent()
    {
        var x = BreakerBook.Empty.With(Opened);
        var y = BreakerBook.Empty.With(HalfOpened).With(Record(BreakerStatus.Open, 7, T0, "node-c", service: "other"));
        var z = BreakerBook.Empty.With(Closed);

        Assert.Equal(x.Merge(y), y.Merge(x));
        Assert.Equal(x.Merge(y).Merge(z), x.Merge(y.Merge(z)));
        Assert.Equal(x.Merge(y), x.Merge(y).Merge(y));
    }

    [Fact]
    public void The_book_survives_the_wire_unchanged()
    {
        var book = BreakerBook.Empty.With(Opened).With(Record(BreakerStatus.Open, 2, T0, "node-b", service: "other", forced: true, manual: true));
        var serializer = new FaultTolerantRunner.Serialization.FtrJsonSerializer(null!);

        var back = serializer.FromBinary(serializer.ToBinary(book), serializer.Manifest(book));

        Assert.Equal(book, back);
    }

    private static BreakerRecord Record(BreakerStatus status, long version, DateTimeOffset at, string node, string service = "svc",
        bool manual = false, bool forced = false, string reason = "because") =>
        new(service, status, version, at, node, manual, forced, status == BreakerStatus.Open && !forced ? at.AddSeconds(30) : null, TimeSpan.FromSeconds(30), reason);

    private static IEnumerable<ImmutableArray<T>> Permutations<T>(IReadOnlyList<T> items) => items.Count <= 1
        ? [[.. items]]
        : items.SelectMany((item, i) => Permutations(items.Where((_, j) => j != i).ToArray()).Select(rest => rest.Insert(0, item)));
}
