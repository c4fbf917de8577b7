using Akka.Actor;
using Akka.Persistence;

namespace FaultTolerantRunner.Tests.Journal.Compliance;

public abstract partial class JournalComplianceSpec
{
    /// <summary>The other write path on the same store: an operator may switch <c>Persistence:Journal</c> on a live database.</summary>
    private JournalUnderTest Other => Writer.Name == JournalUnderTest.Sql.Name ? JournalUnderTest.Ftr : JournalUnderTest.Sql;

    [ComplianceFact]
    public async Task What_one_writer_wrote_the_other_replays_and_continues_after_its_highest_sequence_number()
    {
        var pid = NewId("swap");
        WriteOk(pid, 1, 3);
        var other = ActorSystem.Create("other-writer", SystemConfig(Store, Other));
        try
        {
            var seen = Replay(pid, from: 0, on: other);
            Assert.Equal([1, 2, 3], Sequences(seen.Events));
            Assert.Equal(Enumerable.Range(1, 3).Select(i => (object)$"{pid}/{i}"), seen.Events.Select(e => e.Payload));
            Assert.Equal(3, seen.Highest);

            var outcomes = Write(CreateTestProbe(other), Atomic(Event(pid, 4), Event(pid, 5)));
            Assert.All(outcomes, o => Assert.IsType<WriteMessageSuccess>(o));
            // A sequence number the first writer already wrote is refused by the other too (the unique key is the table's).
            Assert.Contains(Write(CreateTestProbe(other), Atomic(Event(pid, 2))), o => o is WriteMessageFailure);
        }
        finally
        {
            await other.Terminate();
        }

        var back = Replay(pid, from: 0);
        Assert.Equal([1, 2, 3, 4, 5], Sequences(back.Events));
        Assert.Equal(5, back.Highest);
    }
}
