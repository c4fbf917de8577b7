using Akka.Actor;
using Akka.Configuration;
using Akka.Persistence;
using FaultTolerantRunner.Persistence;
using Xunit;

namespace FaultTolerantRunner.TestSupport;

/// <summary>An actor system on the node's journal configuration, and a writer that journals given events under an id.</summary>
public static class EventWriter
{
    public static Config Config(PersistenceOptions options) =>
        ConfigurationFactory.ParseString("akka.loglevel = WARNING")
            .WithFallback(FaultTolerantRunner.Hosting.RunnerHocon.Standalone(options));

    /// <summary>Journals <paramref name="events"/> (a <see cref="Tagged"/> carries its tags) and returns once all are written.</summary>
    public static async Task PersistAsync(ActorSystem system, string persistenceId, params object[] events)
    {
        var writer = system.ActorOf(Props.Create(() => new Writer(persistenceId)));
        Assert.Equal(events.Length, await writer.Ask<int>(events, TimeSpan.FromSeconds(30)));
        await writer.GracefulStop(TimeSpan.FromSeconds(5));
    }

    private sealed class Writer : ReceivePersistentActor
    {
        public Writer(string persistenceId)
        {
            PersistenceId = persistenceId;
            Command<object[]>(events =>
            {
                PersistAll(events, _ => { });
                DeferAsync(events.Length, n => Sender.Tell(n));
            });
        }

        public override string PersistenceId { get; }
    }
}
