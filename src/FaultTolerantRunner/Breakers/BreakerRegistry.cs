using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Akka.Actor;
using Akka.Cluster;
using Akka.DistributedData;
using Akka.Event;

namespace FaultTolerantRunner.Breakers;

/// <summary>
/// The node's breakers: one <see cref="BreakerActor"/> per service, created on demand. In a cluster every transition
/// made here (and every operator trip or reset) is written to the replicated <see cref="BreakerBook"/>
/// (Akka.DistributedData, written to all reachable nodes at once and gossiped to the rest), and every record of the
/// book that supersedes what this node knew is adopted by its breaker, so all nodes show the same state, late or
/// reordered updates lose to newer ones, and a node that joins learns the current states from the gossip.
/// </summary>
public sealed class BreakerRegistry : ReceiveActor
{
    public const string Name = "breakers";

    // Writes go to every reachable node at once (fast-fail everywhere within a round trip); one that misses it gets it by gossip.
    private static readonly IWriteConsistency WriteAll = new WriteAll(TimeSpan.FromSeconds(3));

    private readonly BreakerSettings _settings;
    private readonly TimeProvider _clock;
    private readonly BreakerGauges _gauges;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Dictionary<string, IActorRef> _breakers = new(StringComparer.Ordinal);
    private readonly string _node;
    private readonly IActorRef? _replicator;

    // The newest record each breaker here has written or adopted: a record of the book that does not supersede it is old news.
    private readonly Dictionary<string, BreakerRecord> _known = new(StringComparer.Ordinal);

    public BreakerRegistry(BreakerSettings settings, TimeProvider clock, BreakerGauges gauges)
    {
        _settings = settings;
        _clock = clock;
        _gauges = gauges;
        var system = Context.System;
        var clustered = system.Settings.ProviderClass.Contains("Cluster", StringComparison.Ordinal);
        _node = clustered ? Cluster.Get(system).SelfAddress.ToString() : system.Name;
        _replicator = clustered ? DistributedData.Get(system).Replicator : null;

        Receive<Changed>(changed =>
        {
            foreach (var record in changed.Get(BreakerBook.Key).Records)
            {
                if (!record.Supersedes(_known.GetValueOrDefault(record.Service))) continue;
                _known[record.Service] = record;
                if (record.Node != _node) _log.Info("breaker {0}: {1} on {2} (epoch {3}): {4}", record.Service, record.Status, record.Node, record.Version, record.Reason);
                BreakerFor(record.Service).Tell(new BreakerProtocol.Adopt(record));
            }
        });
        Receive<IUpdateResponse>(response =>
        {
            // Not reaching every node in time is no failure: the record is in the local replica and gossip carries it on.
            if (!response.IsSuccessful) _log.Info("breaker book: write to all nodes incomplete ({0}); gossip will carry it", response.GetType().Name);
        });
        Receive<BreakerProtocol.GetBreakers>(_ =>
        {
            // A breaker that does not answer in time is left out rather than failing the whole listing.
            var asks = _breakers.Values.Select(async b =>
            {
                try
                {
                    return await b.Ask<BreakerProtocol.BreakerView>(new BreakerProtocol.GetBreaker(""), TimeSpan.FromSeconds(2));
                }
                catch (AskTimeoutException)
                {
                    return null;
                }
            });
            Task.WhenAll(asks).PipeTo(Sender, success: views => views.OfType<BreakerProtocol.BreakerView>().OrderBy(v => v.Service, StringComparer.Ordinal).ToArray());
        });
        Receive<BreakerProtocol.GetBreaker>(get =>
        {
            // Looking at a breaker must not create one (typos, scanners): unknown names are not found.
            if (_breakers.TryGetValue(get.Service, out var breaker)) breaker.Forward(get);
            else Sender.Tell(new BreakerProtocol.BreakerNotFound(get.Service));
        });
        Receive<BreakerProtocol.Reset>(reset =>
        {
            if (_breakers.TryGetValue(reset.Service, out var breaker)) breaker.Forward(reset);
            else Sender.Tell(new BreakerProtocol.BreakerNotFound(reset.Service));
        });
        Receive<Transitioned>(t =>
        {
            _gauges.Set(t.Service, t.To);
            if (t.Record is not { } record) return; // adopted from the book: nothing to write back
            _known[t.Service] = record;
            _replicator?.Tell(Dsl.Update(BreakerBook.Key, BreakerBook.Empty, WriteAll, book => book.With(record)));
        });
        Receive<BreakerProtocol.IBreakerMessage>(message => BreakerFor(message.Service).Forward(message));
    }

    public static Props Props(BreakerSettings settings, TimeProvider clock, BreakerGauges gauges) =>
        Akka.Actor.Props.Create(() => new BreakerRegistry(settings, clock, gauges));

    protected override void PreStart() => _replicator?.Tell(Dsl.Subscribe(BreakerBook.Key, Self));

    private IActorRef BreakerFor(string service)
    {
        if (_breakers.TryGetValue(service, out var breaker)) return breaker;
        breaker = Context.ActorOf(BreakerActor.Props(service, _settings.For(service), _clock, _node), ActorName(service));
        _breakers[service] = breaker;
        _gauges.Set(service, BreakerStatus.Closed);
        return breaker;
    }

    /// <summary>Service names are free text (host:port); actor names are not.</summary>
    private static string ActorName(string service)
    {
        var safe = new string(service.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_').ToArray());
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(service)), 0, 4);
        return $"{(safe.Length > 60 ? safe[..60] : safe)}-{hash}";
    }

    /// <summary>A breaker changed state (sent by the breaker to its registry).</summary>
    /// <param name="Record">The record to write to the book; null when the transition was adopted from it.</param>
    public sealed record Transitioned(string Service, BreakerStatus To, BreakerRecord? Record);
}

/// <summary>The latest state of every breaker on this node, for the state gauge.</summary>
public sealed class BreakerGauges
{
    private readonly ConcurrentDictionary<string, BreakerStatus> _states = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, BreakerStatus> States => _states;

    public void Set(string service, BreakerStatus status) => _states[service] = status;
}
