using Akka.Actor;
using Akka.Persistence.Journal;
using FaultTolerantRunner.Projections;
using FaultTolerantRunner.Tests.Support;
using Xunit.Abstractions;

namespace FaultTolerantRunner.Tests.Projections;

/// <summary>
/// The tag follower on a real SQLite journal, its live reader scripted (<see cref="ScriptedTagQueries"/>) to fail or to skip
/// an event as a late commit on PostgreSQL would make it: the owner sees each event once, in order, and hears of catch-up once.
/// </summary>
public sealed class TagFollowerSpecs(ITestOutputHelper output) : SqliteSpec("tag-follower", output)
{
    private const string Tag = "spec";

    [Fact]
    public async Task Catch_up_is_reported_once_after_the_events_already_journaled()
    {
        await PersistAsync("a", "b");
        var owner = Sys.ActorOf(FollowerOwner.Props(Tag, RescanSchedule.None, null));

        var caughtUp = await AwaitStateAsync(owner, s => s.CaughtUpCount > 0, "caught up");
        Assert.Equal(["a", "b"], caughtUp.AppliedAtCatchUp);
        await PersistAsync("c");
        var live = await AwaitStateAsync(owner, s => s.Applied.Count == 3, "the live event applied");
        Assert.Equal(["a", "b", "c"], live.Applied);
        Assert.Equal(1, live.CaughtUpCount);
    }

    [Fact]
    public async Task A_live_stream_that_fails_is_restarted_from_the_offset_it_had_reached()
    {
        var queries = new ScriptedTagQueries(Sys) { FailLiveAt = "b" };
        var owner = Sys.ActorOf(FollowerOwner.Props(Tag, RescanSchedule.None, queries));
        await AwaitStateAsync(owner, s => s.CaughtUpCount == 1, "caught up");

        await PersistAsync("a", "b", "c");

        var state = await AwaitStateAsync(owner, s => s.Applied.Count == 3, "all three events applied");
        Assert.Equal(["a", "b", "c"], state.Applied);
        Assert.Equal([0, state.Orderings[0]], queries.LiveOffsets);
        Assert.Equal(1, state.CaughtUpCount);
    }

    [Fact]
    public async Task A_restart_that_reads_its_offset_again_hands_nothing_on_twice()
    {
        var queries = new ScriptedTagQueries(Sys) { FailLiveAt = "b", RestartOverlaps = true };
        var owner = Sys.ActorOf(FollowerOwner.Props(Tag, RescanSchedule.None, queries));
        await AwaitStateAsync(owner, s => s.CaughtUpCount == 1, "caught up");

        await PersistAsync("a", "b");

        var state = await AwaitStateAsync(owner, s => s.Applied.Count >= 2, "both events applied");
        Assert.Equal(2, queries.LiveOffsets.Count);
        Assert.Equal(["a", "b"], state.Applied);
    }

    [Fact]
    public async Task A_rescan_hands_on_only_the_event_the_live_reader_skipped()
    {
        // Every 100 ms, each new range read again at once and one tick later.
        var queries = new ScriptedTagQueries(Sys) { HiddenFromLive = "late" };
        var owner = Sys.ActorOf(FollowerOwner.Props(Tag, new RescanSchedule(TimeSpan.FromMilliseconds(100), [0, 1]), queries));
        await AwaitStateAsync(owner, s => s.CaughtUpCount == 1, "caught up");

        await PersistAsync("a", "late", "b");

        var state = await AwaitStateAsync(owner, s => s.Rereads >= 6, "all three events read again twice");
        Assert.Equal(["a", "b", "late"], state.Applied);
        Assert.Equal(1, state.LateEvents);
    }

    private Task PersistAsync(params string[] events) =>
        EventWriter.PersistAsync(Sys, "spec-writer", events.Select(e => (object)new Tagged(e, [Tag])).ToArray());

    private async Task<FollowerOwner.State> AwaitStateAsync(IActorRef owner, Func<FollowerOwner.State, bool> until, string what)
    {
        FollowerOwner.State? last = null;
        await AwaitAssertAsync(async () =>
        {
            last = await owner.Ask<FollowerOwner.State>(FollowerOwner.GetState.Instance, TimeSpan.FromSeconds(5));
            Assert.True(until(last), $"follower not {what}: applied {string.Join(",", last.Applied)}, caught up {last.CaughtUpCount}x, rereads {last.Rereads}");
        }, TimeSpan.FromSeconds(20), TimeSpan.FromMilliseconds(50));
        return last!;
    }
}
