using System.Collections.Immutable;
using Akka.Actor;
using Akka.Configuration;
using Akka.Persistence;
using Akka.TestKit;
using Akka.TestKit.Xunit2;
using FaultTolerantRunner.Persistence;
using Xunit.Abstractions;

namespace FaultTolerantRunner.Tests.Journal.Compliance;

/// <summary>
/// What any FTR journal write path must do, on any store: modelled on Akka.NET's persistence TCK (JournalSpec), spoken
/// through the journal's own protocol (WriteMessages, ReplayMessages, DeleteMessagesTo), so a second writer is held to
/// the same bar by one more concrete class. Every test writes persistence ids and tags of its own: the store is shared
/// by the class.
/// </summary>
public abstract partial class JournalComplianceSpec : TestKit
{
    private const int ActorInstance = 1;

    protected JournalComplianceSpec(JournalStore store, JournalUnderTest writer, ITestOutputHelper output)
        : base(SystemConfig(store, writer), "compliance", output)
    {
        Store = store;
        Writer = writer;
    }

    protected JournalStore Store { get; }

    protected JournalUnderTest Writer { get; }

    private IActorRef Journal => JournalOf(Sys);

    private static IActorRef JournalOf(ActorSystem system) => Akka.Persistence.Persistence.Instance.Apply(system).JournalFor(null);

    internal static Config SystemConfig(JournalStore store, JournalUnderTest writer) => SystemConfig(store.Options, writer);

    internal static Config SystemConfig(PersistenceOptions options, JournalUnderTest writer) =>
        ConfigurationFactory.ParseString($$"""
            akka.test.single-expect-default = 10s
            # Akka's journal breaker opens after 10 failed calls in a row (the default); the failure cases make more on purpose.
            akka.persistence.journal.sql.circuit-breaker.max-failures = 1000
            akka.actor.serializers.refusing = "{{typeof(RefusingSerializer).FullName}}, {{typeof(RefusingSerializer).Assembly.GetName().Name}}"
            akka.actor.serialization-bindings {
              "{{typeof(Unserializable).FullName}}, {{typeof(Unserializable).Assembly.GetName().Name}}" = refusing
            }
            """).WithFallback(writer.Config(options));

    private static string NewId(string what) => $"{what}-{Guid.NewGuid():N}"[..24];

    private static Persistent Event(string pid, long sequence, object? payload = null) =>
        new(payload ?? $"{pid}/{sequence}", sequence, pid, string.Empty, false, ActorRefs.NoSender, "writer-1");

    private static AtomicWrite Atomic(params Persistent[] events) => new(events.ToImmutableList<IPersistentRepresentation>());

    /// <summary>Sends one WriteMessages and returns the per-event outcomes, after the batch's own verdict.</summary>
    private List<object> Write(TestProbe probe, params AtomicWrite[] writes)
    {
        JournalOf(probe.Sys).Tell(new WriteMessages(writes, probe.Ref, ActorInstance));
        var verdict = probe.ExpectMsg<object>(m => m is WriteMessagesSuccessful or WriteMessagesFailed);
        var outcomes = writes.SelectMany(w => (IEnumerable<IPersistentRepresentation>)w.Payload)
            .Select(_ => probe.ExpectMsg<object>(m => m is WriteMessageSuccess or WriteMessageRejected or WriteMessageFailure)).ToList();
        if (verdict is WriteMessagesSuccessful) Assert.DoesNotContain(outcomes, o => o is WriteMessageFailure);
        return outcomes;
    }

    private void WriteOk(string pid, long from, long to)
    {
        var outcomes = Write(CreateTestProbe(), Enumerable.Range((int)from, (int)(to - from + 1)).Select(i => Atomic(Event(pid, i))).ToArray());
        Assert.All(outcomes, o => Assert.IsType<WriteMessageSuccess>(o));
    }

    /// <summary>Replays a range: the (sequence number, payload) pairs in order, and the highest sequence number reported.</summary>
    private (List<(long Sequence, object Payload)> Events, long Highest) Replay(string pid, long from = 1, long to = long.MaxValue, long max = long.MaxValue,
        ActorSystem? on = null)
    {
        var probe = CreateTestProbe(on ?? Sys);
        JournalOf(probe.Sys).Tell(new ReplayMessages(from, to, max, pid, probe.Ref));
        var events = new List<(long, object)>();
        for (var i = 0; i < 10_000; i++)
        {
            switch (probe.ReceiveOne(TimeSpan.FromSeconds(10)))
            {
                case ReplayedMessage m:
                    Assert.Equal(pid, m.Persistent.PersistenceId);
                    Assert.False(m.Persistent.IsDeleted);
                    events.Add((m.Persistent.SequenceNr, m.Persistent.Payload));
                    break;
                case RecoverySuccess done:
                    return (events, done.HighestSequenceNr);
                case var other:
                    throw new Xunit.Sdk.XunitException($"replay of {pid} answered {other?.ToString() ?? "nothing within 10 s"}");
            }
        }
        throw new Xunit.Sdk.XunitException($"replay of {pid} did not end");
    }

    private static long[] Sequences(List<(long Sequence, object Payload)> events) => events.Select(e => e.Sequence).ToArray();

    [ComplianceFact]
    public void Replays_by_range_from_and_to_and_reports_the_highest_sequence_number()
    {
        var pid = NewId("range");
        WriteOk(pid, 1, 3);
        Assert.All(Write(CreateTestProbe(), Atomic(Event(pid, 4), Event(pid, 5))), o => Assert.IsType<WriteMessageSuccess>(o));

        var all = Replay(pid);
        Assert.Equal([1, 2, 3, 4, 5], Sequences(all.Events));
        Assert.Equal(Enumerable.Range(1, 5).Select(i => (object)$"{pid}/{i}"), all.Events.Select(e => e.Payload));
        Assert.Equal(5, all.Highest);
        Assert.Equal([3, 4, 5], Sequences(Replay(pid, from: 3).Events));
        Assert.Equal([1, 2, 3], Sequences(Replay(pid, to: 3).Events));
        Assert.Equal([2, 3], Sequences(Replay(pid, from: 2, to: 3).Events));
        Assert.Equal([2], Sequences(Replay(pid, from: 2, to: 2).Events));
        var empty = Replay(pid, from: 3, to: 2);
        Assert.Empty(empty.Events);
        Assert.Equal(5, empty.Highest);
    }

    [ComplianceFact]
    public void Replay_honours_max_and_still_reports_the_highest_sequence_number()
    {
        var pid = NewId("max");
        WriteOk(pid, 1, 5);

        Assert.Equal([1, 2, 3], Sequences(Replay(pid, max: 3).Events));
        Assert.Equal([2, 3], Sequences(Replay(pid, from: 2, to: 5, max: 2).Events));
        Assert.Equal([2], Sequences(Replay(pid, from: 2, to: 4, max: 1).Events));
        var none = Replay(pid, from: 2, to: 4, max: 0);
        Assert.Empty(none.Events);
        Assert.Equal(5, none.Highest);
    }

    [ComplianceFact]
    public void An_id_never_written_replays_nothing_with_highest_sequence_number_zero()
    {
        var unknown = Replay(NewId("never"), from: 0);
        Assert.Empty(unknown.Events);
        Assert.Equal(0, unknown.Highest);
    }

    [ComplianceFact]
    public void Deleting_messages_keeps_the_highest_sequence_number_and_later_writes_continue_after_it()
    {
        var pid = NewId("delete");
        WriteOk(pid, 1, 5);
        var probe = CreateTestProbe();

        Journal.Tell(new DeleteMessagesTo(pid, 3, probe.Ref));
        probe.ExpectMsg<DeleteMessagesSuccess>(m => m.ToSequenceNr == 3);
        var afterPartial = Replay(pid, from: 0);
        Assert.Equal([4, 5], Sequences(afterPartial.Events));
        Assert.Equal(5, afterPartial.Highest);

        Journal.Tell(new DeleteMessagesTo(pid, long.MaxValue, probe.Ref));
        probe.ExpectMsg<DeleteMessagesSuccess>();
        var afterAll = Replay(pid, from: 0);
        Assert.Empty(afterAll.Events);
        Assert.Equal(5, afterAll.Highest);

        WriteOk(pid, 6, 6);
        var resumed = Replay(pid, from: 0);
        Assert.Equal([6], Sequences(resumed.Events));
        Assert.Equal(6, resumed.Highest);
    }

    [ComplianceFact]
    public void An_atomic_write_of_several_events_is_stored_whole()
    {
        var pid = NewId("atomic");
        var outcomes = Write(CreateTestProbe(), Atomic(Event(pid, 1), Event(pid, 2), Event(pid, 3)), Atomic(Event(pid, 4)));

        Assert.All(outcomes, o => Assert.IsType<WriteMessageSuccess>(o));
        Assert.Equal([1, 2, 3, 4], Sequences(Replay(pid).Events));
    }

    [ComplianceFact]
    public void An_atomic_write_that_fails_part_way_leaves_none_of_its_events()
    {
        var pid = NewId("partial");
        WriteOk(pid, 1, 2);

        // Events 3 and 4 are new, event 2 already exists: the store refuses the write, and must refuse all of it.
        var outcomes = Write(CreateTestProbe(), Atomic(Event(pid, 3, "new-3"), Event(pid, 4, "new-4"), Event(pid, 2, "again-2")));

        Assert.All(outcomes, o => Assert.IsType<WriteMessageFailure>(o));
        var replay = Replay(pid);
        Assert.Equal([1, 2], Sequences(replay.Events));
        Assert.Equal($"{pid}/2", replay.Events[1].Payload);
        Assert.Equal(2, replay.Highest);
    }

    [ComplianceFact]
    public void A_write_rejected_for_its_serialization_does_not_stop_the_writes_beside_and_after_it()
    {
        var pid = NewId("reject");
        var outcomes = Write(CreateTestProbe(), Atomic(Event(pid, 1)), Atomic(Event(pid, 2, new Unserializable("x"))), Atomic(Event(pid, 3)));

        Assert.IsType<WriteMessageSuccess>(outcomes[0]);
        Assert.Contains("refused on purpose", Assert.IsType<WriteMessageRejected>(outcomes[1]).Cause.ToString(), StringComparison.Ordinal);
        Assert.IsType<WriteMessageSuccess>(outcomes[2]);
        WriteOk(pid, 4, 4);
        Assert.Equal([1, 3, 4], Sequences(Replay(pid).Events));
    }
}
