using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Event;

namespace FaultTolerantRunner.Breakers;

/// <summary>
/// The node's breakers: one <see cref="BreakerActor"/> per service, created on demand. It publishes local openings on
/// the cluster (DistributedPubSub topic) and applies other nodes' openings to its own breakers, so a service that is
/// down is fast-failed everywhere within the pub-sub delay while each node still probes on its own schedule.
/// </summary>
public sealed class BreakerRegistry : ReceiveActor, IWithTimers
{
    public const string Name = "breakers";
    public const string Topic = "ftr.breakers";

    private readonly BreakerSettings _settings;
    private readonly TimeProvider _clock;
    private readonly BreakerGauges _gauges;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Dictionary<string, IActorRef> _breakers = new(StringComparer.Ordinal);
    private readonly string _node;
    private readonly IActorRef? _mediator;

    // Breakers open on this node, re-announced every second: pub-sub is eventually consistent, and a node that
    // subscribed late (or missed a message) must still learn within a second or two.
    private readonly Dictionary<string, BreakerProtocol.OpenedOnNode> _openHere = new(StringComparer.Ordinal);

    public BreakerRegistry(BreakerSettings settings, TimeProvider clock, BreakerGauges gauges)
    {
        _settings = settings;
        _clock = clock;
        _gauges = gauges;
        var system = Context.System;
        var clustered = system.Settings.ProviderClass.Contains("Cluster", StringComparison.Ordinal);
        _node = clustered ? Cluster.Get(system).SelfAddress.ToString() : system.Name;
        _mediator = clustered ? DistributedPubSub.Get(system).Mediator : null;

        Receive<BreakerProtocol.OpenedOnNode>(opened =>
        {
            if (opened.Node == _node) return;
            _log.Info("breaker {0}: opened on {1} ({2}); fast-failing here too until {3:O}", opened.Service, opened.Node, opened.Reason, opened.Until);
            BreakerFor(opened.Service).Tell(opened);
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
            _gauges.Set(t.Service, t.Transition.To);
            // Only a fresh opening (closed → open) goes to the cluster; re-openings after a failed probe stay local,
            // so one node's bad link cannot keep re-opening breakers that recovered elsewhere.
            if (t.Transition.To != BreakerStatus.Open || t.Transition.From != BreakerStatus.Closed || t.Remote)
            {
                _openHere.Remove(t.Service);
                return;
            }
            var opened = new BreakerProtocol.OpenedOnNode(t.Service, _node,
                t.HalfOpenAt ?? _clock.GetUtcNow() + _settings.For(t.Service).MaxBreakDuration, t.Transition.Reason);
            _openHere[t.Service] = opened;
            _mediator?.Tell(new Publish(Topic, opened));
        });
        Receive<Announce>(_ =>
        {
            var now = _clock.GetUtcNow();
            foreach (var opened in _openHere.Values.Where(o => o.Until > now)) _mediator?.Tell(new Publish(Topic, opened));
        });
        Receive<BreakerProtocol.IBreakerMessage>(message => BreakerFor(message.Service).Forward(message));
    }

    public static Props Props(BreakerSettings settings, TimeProvider clock, BreakerGauges gauges) =>
        Akka.Actor.Props.Create(() => new BreakerRegistry(settings, clock, gauges));

    public ITimerScheduler Timers { get; set; } = null!;

    protected override void PreStart()
    {
        _mediator?.Tell(new Subscribe(Topic, Self));
        Timers.StartPeriodicTimer("announce", Announce.Instance, TimeSpan.FromSeconds(1));
    }

    private IActorRef BreakerFor(string service)
    {
        if (_breakers.TryGetValue(service, out var breaker)) return breaker;
        breaker = Context.ActorOf(BreakerActor.Props(service, _settings.For(service), _clock), ActorName(service));
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

    private sealed class Announce
    {
        public static readonly Announce Instance = new();
    }

    /// <summary>A breaker changed state (sent by the breaker to its registry).</summary>
    public sealed record Transitioned(string Service, BreakerTransition Transition, DateTimeOffset? HalfOpenAt, bool Remote);
}

/// <summary>The latest state of every breaker on this node, for the state gauge.</summary>
public sealed class BreakerGauges
{
    private readonly ConcurrentDictionary<string, BreakerStatus> _states = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, BreakerStatus> States => _states;

    public void Set(string service, BreakerStatus status) => _states[service] = status;
}
