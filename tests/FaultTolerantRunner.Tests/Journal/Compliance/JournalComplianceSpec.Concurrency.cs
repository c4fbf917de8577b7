using Akka.Actor;
using Akka.Persistence;

namespace FaultTolerantRunner.Tests.Journal.Compliance;

public abstract partial class JournalComplianceSpec
{
    [ComplianceFact]
    public void A_persistent_actor_whose_event_is_rejected_keeps_running_and_persists_later_events()
    {
        var pid = NewId("actor");
        var first = Sys.ActorOf(Props.Create(() => new Recorder(pid)));
        first.Tell(new Unserializable("refused"), TestActor);
        ExpectMsg("rejected");
        first.Tell("kept", TestActor);
        ExpectMsg("persisted kept");
        Watch(first);
        first.Tell(PoisonPill.Instance);
        ExpectTerminated(first);

        Sys.ActorOf(Props.Create(() => new Recorder(pid))).Tell("replayed?", TestActor);
        ExpectMsg("recovered: kept");
    }

    [ComplianceFact]
    public void Concurrent_writers_of_different_ids_each_read_back_exactly_their_own_events()
    {
        var pids = Enumerable.Range(0, 8).Select(i => NewId($"c{i}")).ToArray();
        var probes = pids.Select(_ => CreateTestProbe()).ToArray();
        const int writes = 5, perWrite = 3;
        // All batches go out before any answer is awaited, so the journal holds them in flight together.
        for (var w = 0; w < writes; w++)
            for (var p = 0; p < pids.Length; p++)
            {
                var from = w * perWrite + 1;
                Journal.Tell(new WriteMessages([Atomic(Enumerable.Range(from, perWrite).Select(i => Event(pids[p], i)).ToArray())], probes[p].Ref, ActorInstance));
            }
        foreach (var probe in probes)
            for (var w = 0; w < writes; w++)
            {
                probe.ExpectMsg<WriteMessagesSuccessful>();
                for (var i = 0; i < perWrite; i++) probe.ExpectMsg<WriteMessageSuccess>();
            }

        foreach (var pid in pids)
        {
            var replay = Replay(pid);
            Assert.Equal(Enumerable.Range(1, writes * perWrite).Select(i => (object)$"{pid}/{i}"), replay.Events.Select(e => e.Payload));
            Assert.Equal(writes * perWrite, replay.Highest);
        }
    }

    [ComplianceFact]
    public async Task Two_writers_of_the_same_id_one_wins_whole_and_the_other_gets_a_failure()
    {
        var pid = NewId("same");
        const int events = 20;
        // A second actor system on the same store is a second node: its own journal actor and connections.
        var other = ActorSystem.Create("compliance-other", SystemConfig(Store, Writer));
        try
        {
            var otherJournal = Akka.Persistence.Persistence.Instance.Apply(other).JournalFor(null);
            var here = CreateTestProbe();
            var there = CreateTestProbe();
            AtomicWrite Batch(string writer) => Atomic(Enumerable.Range(1, events).Select(i => Event(pid, i, $"{writer}-{i}")).ToArray());
            Journal.Tell(new WriteMessages([Batch("here")], here.Ref, ActorInstance));
            otherJournal.Tell(new WriteMessages([Batch("there")], there.Ref, ActorInstance));

            var hereWon = Outcome(here);
            var thereWon = Outcome(there);

            Assert.True(hereWon ^ thereWon, $"exactly one writer must win (here: {hereWon}, there: {thereWon})");
            var winner = hereWon ? "here" : "there";
            var replay = Replay(pid);
            Assert.Equal(Enumerable.Range(1, events).Select(i => (object)$"{winner}-{i}"), replay.Events.Select(e => e.Payload));
            Assert.Equal(events, replay.Highest);
        }
        finally
        {
            await other.Terminate();
        }

        static bool Outcome(Akka.TestKit.TestProbe probe)
        {
            var verdict = probe.ExpectMsg<object>(m => m is WriteMessagesSuccessful or WriteMessagesFailed, TimeSpan.FromSeconds(30));
            var outcomes = Enumerable.Range(0, events).Select(_ => probe.ExpectMsg<object>(TimeSpan.FromSeconds(30))).ToList();
            if (verdict is WriteMessagesSuccessful)
            {
                Assert.All(outcomes, o => Assert.IsType<WriteMessageSuccess>(o));
                return true;
            }
            Assert.All(outcomes, o => Assert.IsType<WriteMessageFailure>(o));
            return false;
        }
    }

    /// <summary>Persists what it is told, answers how each persist ended, and after recovery what it replayed.</summary>
    private sealed class Recorder : ReceivePersistentActor
    {
        private readonly List<string> _recovered = [];
        private IActorRef _asker = ActorRefs.Nobody;

        public Recorder(string persistenceId)
        {
            PersistenceId = persistenceId;
            Recover<string>(_recovered.Add);
            Command<Unserializable>(e =>
            {
                _asker = Sender;
                Persist(e, _ => _asker.Tell("persisted ?"));
            });
            Command<string>(e => e == "replayed?", _ => Sender.Tell("recovered: " + string.Join(",", _recovered)));
            Command<string>(e => Persist(e, persisted => Sender.Tell("persisted " + persisted)));
        }

        public override string PersistenceId { get; }

        protected override void OnPersistRejected(Exception cause, object @event, long sequenceNr) => _asker.Tell("rejected");
    }
}
