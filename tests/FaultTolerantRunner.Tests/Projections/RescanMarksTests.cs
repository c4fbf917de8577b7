using FaultTolerantRunner.Projections;

namespace FaultTolerantRunner.Tests.Projections;

public sealed class RescanMarksTests
{
    private static readonly TimeSpan Tick = TimeSpan.FromSeconds(30);

    [Fact]
    public void The_first_mark_at_catch_up_makes_nothing_due()
    {
        var marks = new RescanMarks(new RescanSchedule(Tick, [0, 2]));

        Assert.Empty(marks.Mark(10));
    }

    [Fact]
    public void Each_range_between_marks_is_due_once_per_delay_after_its_later_mark()
    {
        var marks = new RescanMarks(new RescanSchedule(Tick, [0, 2]));
        marks.Mark(10);

        var due = new[] { 20L, 30, 40, 50 }.Select(offset => marks.Mark(offset)).ToList();

        Assert.Equal([new RescanRange(10, 20, TimeSpan.Zero)], due[0]);
        Assert.Equal([new RescanRange(20, 30, TimeSpan.Zero)], due[1]);
        Assert.Equal([new RescanRange(30, 40, TimeSpan.Zero), new RescanRange(10, 20, Tick * 2)], due[2]);
        Assert.Equal([new RescanRange(40, 50, TimeSpan.Zero), new RescanRange(20, 30, Tick * 2)], due[3]);
    }

    [Fact]
    public void A_range_the_reader_did_not_move_in_is_not_read_again()
    {
        var marks = new RescanMarks(new RescanSchedule(Tick, [0]));
        marks.Mark(10);

        Assert.Empty(marks.Mark(10));
    }

    [Fact]
    public void Only_the_marks_the_longest_delay_needs_are_kept()
    {
        var marks = new RescanMarks(new RescanSchedule(Tick, [1, 3]));
        foreach (var offset in new long[] { 10, 20, 30, 40, 50, 60, 70 }) marks.Mark(offset);

        // The longest delay (3 ticks) reads (from, to] with from five marks back: 30 of 30..70.
        Assert.Equal(30, marks.Floor);
    }
}
