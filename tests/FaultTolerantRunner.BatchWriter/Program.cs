// Usage: FaultTolerantRunner.BatchWriter <writer> <Sqlite|PostgreSql> <connection string> <id prefix> <events per batch>
// Writes one AtomicWrite of <events per batch> events per persistence id <prefix>-<n>, four in flight, until killed.
// Prints "sent <id>" before a batch goes to the journal and "acked <id>" once the journal confirmed all of it.
using System.Collections.Immutable;
using Akka.Actor;
using Akka.Configuration;
using Akka.Persistence;
using FaultTolerantRunner.Hosting;
using FaultTolerantRunner.Persistence;

if (args.Length != 5 || !Enum.TryParse<PersistenceProvider>(args[1], out var provider) || !int.TryParse(args[4], out var size) || size < 1)
{
    Console.Error.WriteLine("usage: FaultTolerantRunner.BatchWriter <writer> <Sqlite|PostgreSql> <connection string> <id prefix> <events per batch>");
    return 2;
}
var options = new PersistenceOptions { Provider = provider, ConnectionString = args[2] }.Validate();
// One case per write path under test; the compliance suite passes the writer's name.
var config = args[0] switch
{
    "sql" => RunnerHocon.Standalone(With(JournalWriter.Sql)),
    "ftr" => RunnerHocon.Standalone(With(JournalWriter.Ftr)),
    _ => null,
};
if (config is null)
{
    Console.Error.WriteLine($"unknown writer '{args[0]}' (known: sql, ftr)");
    return 2;
}
await new JournalMigration(options).WhenDone();

PersistenceOptions With(JournalWriter writer) => new() { Provider = options.Provider, ConnectionString = options.ConnectionString, Journal = writer };
var system = ActorSystem.Create("batch-writer", ConfigurationFactory.ParseString("akka.loglevel = WARNING").WithFallback(config));
system.ActorOf(Props.Create(() => new Batches(Akka.Persistence.Persistence.Instance.Apply(system).JournalFor(null), args[3], size)));
await system.WhenTerminated;
return 0;

internal sealed class Batches(IActorRef journal, string prefix, int size) : UntypedActor
{
    private const int InFlight = 4;
    private static readonly string Padding = new('x', 300);
    private long _next;

    protected override void PreStart()
    {
        for (var i = 0; i < InFlight; i++) Send();
    }

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case WriteMessageSuccess { Persistent: var p } when p.SequenceNr == size:
                Console.WriteLine($"acked {p.PersistenceId}");
                Send();
                break;
            case WriteMessageFailure { Persistent: var p } when p.SequenceNr == size:
                Console.WriteLine($"failed {p.PersistenceId}");
                Send();
                break;
        }
    }

    private void Send()
    {
        var pid = $"{prefix}-{_next++}";
        var events = Enumerable.Range(1, size)
            .Select(i => (IPersistentRepresentation)new Persistent($"{pid}/{i}/{Padding}", i, pid, string.Empty, false, ActorRefs.NoSender, "batch-writer"))
            .ToImmutableList();
        Console.WriteLine($"sent {pid}");
        journal.Tell(new WriteMessages([new AtomicWrite(events)], Self, 1));
    }
}
