using Akka.Actor;
using Akka.Persistence;
using FaultTolerantRunner.Persistence;
using Npgsql;

namespace FaultTolerantRunner.Tests.Journal.Compliance;

public abstract partial class JournalComplianceSpec
{
    /// <summary>More failed writes in a row than the pool below holds connections.</summary>
    private const int FailedWritesInARow = 20;

    /// <summary>
    /// A write that fails in the database (here a sequence number already taken, as a second incarnation of an entity
    /// would write) costs nothing that outlives it: after more of them than the pool has connections, the journal still
    /// writes. (FTR's writer once leaked the connection of every failed write it had opened itself.)
    /// </summary>
    /// <remarks>
    /// The suite's PostgreSQL databases run without pooling (the collector closes a leaked connection's socket), so this
    /// case runs its own actor system on a pool of 5 connections that gives up waiting for one after 3 s.
    /// </remarks>
    [ComplianceFact]
    public async Task Failed_writes_leave_nothing_behind_and_the_journal_keeps_writing()
    {
        var options = Store.Options.Provider == PersistenceProvider.PostgreSql
            ? new PersistenceOptions
            {
                Provider = PersistenceProvider.PostgreSql,
                ConnectionString = new NpgsqlConnectionStringBuilder(Store.Options.ConnectionString) { Pooling = true, MaxPoolSize = 5, Timeout = 3 }.ConnectionString,
            }
            : Store.Options;
        var pooled = ActorSystem.Create("pooled", SystemConfig(options, Writer));
        try
        {
            var pid = NewId("refused");
            var probe = CreateTestProbe(pooled);
            Assert.IsType<WriteMessageSuccess>(Assert.Single(Write(probe, Atomic(Event(pid, 1)))));
            for (var i = 0; i < FailedWritesInARow; i++)
                Assert.IsType<WriteMessageFailure>(Assert.Single(Write(probe, Atomic(Event(pid, 1, $"duplicate {i}")))));

            Assert.IsType<WriteMessageSuccess>(Assert.Single(Write(probe, Atomic(Event(pid, 2)))));
            var replayed = Replay(pid, on: pooled);
            Assert.Equal([1, 2], Sequences(replayed.Events));
            Assert.Equal($"{pid}/1", replayed.Events[0].Payload);
        }
        finally
        {
            await pooled.Terminate();
        }
    }
}
