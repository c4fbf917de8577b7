using Akka.Persistence;
using Akka.Persistence.Journal;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using FaultTolerantRunner.Projections;

namespace FaultTolerantRunner.Tests.Journal.Compliance;

public abstract partial class JournalComplianceSpec
{
    private static readonly TimeSpan QueryTimeout = TimeSpan.FromSeconds(15);

    private void WriteTagged(string pid, long sequence, params string[] tags)
    {
        object payload = tags.Length == 0 ? $"{pid}/{sequence}" : new Tagged($"{pid}/{sequence}", tags);
        Assert.All(Write(CreateTestProbe(), Atomic(Event(pid, sequence, payload))), o => Assert.IsType<WriteMessageSuccess>(o));
    }

    [ComplianceFact]
    public async Task Tagged_events_are_read_back_by_tag_in_write_order_from_any_offset_and_live()
    {
        var tag = NewId("tag");
        var (a, b) = (NewId("ta"), NewId("tb"));
        WriteTagged(a, 1, tag);
        WriteTagged(b, 1, tag);
        WriteTagged(a, 2);
        WriteTagged(a, 3, tag, "other");
        var queries = TagQueries.Sql(Sys);
        var materializer = Sys.Materializer();

        var current = await queries.Current.CurrentEventsByTag(tag, Offset.NoOffset()).RunWith(Sink.Seq<EventEnvelope>(), materializer).WaitAsync(QueryTimeout);

        Assert.Equal([$"{a}/1", $"{b}/1", $"{a}/3"], current.Select(e => (string)e.Event));
        Assert.Equal([1L, 1L, 3L], current.Select(e => e.SequenceNr));
        var offsets = current.Select(e => Assert.IsType<Sequence>(e.Offset).Value).ToList();
        Assert.Equal(offsets.Order(), offsets);
        Assert.Equal(offsets.Count, offsets.Distinct().Count());
        var resumed = await queries.Current.CurrentEventsByTag(tag, current[1].Offset).RunWith(Sink.Seq<EventEnvelope>(), materializer).WaitAsync(QueryTimeout);
        Assert.Equal([$"{a}/3"], resumed.Select(e => (string)e.Event));

        var live = queries.Live.EventsByTag(tag, current[2].Offset).Take(1).RunWith(Sink.Seq<EventEnvelope>(), materializer);
        WriteTagged(b, 2, tag);
        Assert.Equal([$"{b}/2"], (await live.WaitAsync(QueryTimeout)).Select(e => (string)e.Event));
    }

    [ComplianceFact]
    public async Task Every_written_persistence_id_is_listed()
    {
        var pids = Enumerable.Range(0, 3).Select(i => NewId($"ids{i}")).ToArray();
        foreach (var pid in pids) WriteOk(pid, 1, 2);
        var journal = PersistenceQuery.Get(Sys).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier);

        var listed = await journal.CurrentPersistenceIds().RunWith(Sink.Seq<string>(), Sys.Materializer()).WaitAsync(QueryTimeout);

        Assert.Subset(listed.ToHashSet(), pids.ToHashSet());
        Assert.Equal(listed.Count, listed.Distinct().Count());
    }
}
