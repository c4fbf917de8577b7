using FaultTolerantRunner.Projections;

namespace FaultTolerantRunner.Tests.Projections;

public sealed class OrderingSetTests
{
    [Fact]
    public void An_ordering_is_added_once()
    {
        var set = new OrderingSet();

        Assert.True(set.Add(70));
        Assert.False(set.Add(70));
        Assert.True(set.Contains(70));
        Assert.False(set.Contains(71));
    }

    [Fact]
    public void Orderings_far_apart_do_not_collide()
    {
        var set = new OrderingSet();

        Assert.True(set.Add(1));
        Assert.True(set.Add(65));
        Assert.True(set.Add(1_000_000_001));
        Assert.False(set.Contains(64));
        Assert.False(set.Contains(1_000_000_000));
    }

    [Fact]
    public void Forgotten_orderings_count_as_seen_and_those_above_the_floor_are_kept()
    {
        var set = new OrderingSet();
        foreach (var ordering in new long[] { 3, 100, 130, 200 }) set.Add(ordering);

        set.Forget(129);

        Assert.False(set.Add(5)); // below the floor: never handed on twice
        Assert.True(set.Contains(130));
        Assert.True(set.Contains(200));
        Assert.False(set.Contains(131));
        Assert.True(set.Add(131));
    }

    [Fact]
    public void The_floor_never_moves_back()
    {
        var set = new OrderingSet();
        set.Forget(100);

        set.Forget(50);

        Assert.Equal(100, set.Floor);
        Assert.False(set.Add(60));
    }
}
