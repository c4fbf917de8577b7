using System.Text.Json;
using System.Threading.Channels;
using Akka.Actor;
using Akka.Cluster;
using FaultTolerantRunner.Contracts;

namespace FaultTolerantRunner.Node.Api;

/// <summary>
/// <c>GET /api/cluster/events</c>: member and reachability events as server-sent events, starting with the current
/// members. Bounded: a slow reader loses the oldest events, and <c>?count=N</c> ends the stream after N events.
/// </summary>
public static class ClusterEventStream
{
    private const int Capacity = 256;

    public static async Task StreamAsync(HttpContext context, ActorSystem system, CancellationToken cancellation)
    {
        var count = Query.Int(context.Request.Query, "count", int.MaxValue, 1, int.MaxValue);
        var channel = Channel.CreateBounded<object>(new BoundedChannelOptions(Capacity) { FullMode = BoundedChannelFullMode.DropOldest });
        var forwarder = system.ActorOf(ClusterEventForwarder.Props(channel.Writer));
        try
        {
            context.Response.ContentType = "text/event-stream";
            context.Response.Headers.CacheControl = "no-cache";
            await context.Response.Body.FlushAsync(cancellation);
            var cluster = Cluster.Get(system);
            for (var sent = 0; sent < count; sent++)
            {
                var e = await channel.Reader.ReadAsync(cancellation);
                var json = JsonSerializer.Serialize(Describe(e, cluster), WireJson.Options);
                await context.Response.WriteAsync($"event: member\ndata: {json}\n\n", cancellation);
                await context.Response.Body.FlushAsync(cancellation);
            }
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            // The client stopped listening (Ctrl-C).
        }
        finally
        {
            system.Stop(forwarder);
        }
    }

    private static MemberEventView Describe(object e, Cluster cluster) => e switch
    {
        ClusterEvent.IMemberEvent m => new(e.GetType().Name, m.Member.Address.ToString(), m.Member.Status.ToString(), DateTimeOffset.UtcNow),
        ClusterEvent.ReachabilityEvent r => new(e.GetType().Name, r.Member.Address.ToString(), r.Member.Status.ToString(), DateTimeOffset.UtcNow),
        _ => new(e.GetType().Name, cluster.SelfAddress.ToString(), "", DateTimeOffset.UtcNow),
    };

    /// <summary>Subscribes to cluster events for one stream and hands them to its channel.</summary>
    private sealed class ClusterEventForwarder : ReceiveActor
    {
        public ClusterEventForwarder(ChannelWriter<object> writer)
        {
            Receive<ClusterEvent.IMemberEvent>(e => writer.TryWrite(e));
            Receive<ClusterEvent.ReachabilityEvent>(e => writer.TryWrite(e));
            Receive<ClusterEvent.CurrentClusterState>(_ => { });
        }

        public static Props Props(ChannelWriter<object> writer) => Akka.Actor.Props.Create(() => new ClusterEventForwarder(writer));

        protected override void PreStart() =>
            Cluster.Get(Context.System).Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents,
                typeof(ClusterEvent.IMemberEvent), typeof(ClusterEvent.ReachabilityEvent));

        protected override void PostStop() => Cluster.Get(Context.System).Unsubscribe(Self);
    }
}
