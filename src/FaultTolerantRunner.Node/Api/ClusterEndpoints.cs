using Akka.Actor;
using Akka.Cluster;
using FaultTolerantRunner.Commands;
using FaultTolerantRunner.Contracts;
using FaultTolerantRunner.Node.Commands;
using FaultTolerantRunner.Problems;
using static FaultTolerantRunner.Commands.CommandInput;

namespace FaultTolerantRunner.Node.Api;

/// <summary>
/// <c>/api/cluster</c>: members, leader and this node's view; leave, down, join; a live stream of member events; the
/// <c>cluster</c> palette.
/// </summary>
public static class ClusterEndpoints
{
    private static readonly CommandInput AddressInput = Argument("address", "A member address, e.g. akka.tcp://ftr@10.0.0.5:4053.", CommandInputLocation.Body);

    public static readonly CommandDefinition Show = CommandDefinition.Get("show", "List the members with status, roles and reachability.", "/api/cluster") with
        { Columns = ["address", "status", "roles", "reachable", "leader", "self"] };

    public static readonly CommandDefinition Status = CommandDefinition.Get("status", "This node's view: its own status, the leader and member counts.", "/api/cluster/status");

    public static readonly CommandDefinition Leader = CommandDefinition.Get("leader", "The current cluster leader.", "/api/cluster/leader");

    public static readonly CommandDefinition Leave = CommandDefinition.Post("leave", "Make a member leave gracefully (default: the node you are connected to).",
        "/api/cluster/leave", AddressInput with { Required = false });

    public static readonly CommandDefinition Down = CommandDefinition.Post("down", "Mark a member down (use for a node that is gone for good).", "/api/cluster/down", AddressInput);

    public static readonly CommandDefinition DownUnreachable = CommandDefinition.Post("down-unreachable", "Mark every unreachable member down.", "/api/cluster/down-unreachable");

    public static readonly CommandDefinition Join = CommandDefinition.Post("join", "Make the node you are connected to join a cluster at this address.", "/api/cluster/join", AddressInput);

    public static readonly CommandDefinition Tail = CommandDefinition.Get("tail", "Stream member events (current members first) until Ctrl-C.", "/api/cluster/events",
        Switch("count", CommandValueType.Integer, CommandInputLocation.Query, "Stop after this many events (default: until Ctrl-C).", alias: "-n")) with
        { Mode = CommandMode.Stream };

    public static readonly CommandPalette Palette = new("cluster", "Cluster membership: members, leader, leave, down, join, live events.",
        [Show, Status, Leader, Leave, Down, DownUnreachable, Join, Tail]);

    public static IEndpointRouteBuilder MapClusterEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapCommand(Show, (HttpRequest request, ActorSystem system) =>
        {
            var cluster = Cluster.Get(system);
            var (offset, limit) = Query.Page(request.Query);
            return TypedResults.Json(ListPage<ClusterMemberView>.Slice(cluster.State.Members.Select(m => Member(m, cluster)).ToArray(), offset, limit), WireJson.Options);
        });
        app.MapCommand(Status, (ActorSystem system) => TypedResults.Json(StatusOf(Cluster.Get(system)), WireJson.Options));
        app.MapCommand(Leader, (ActorSystem system) => TypedResults.Json(new ClusterLeaderView(Cluster.Get(system).State.Leader?.ToString()), WireJson.Options));
        app.MapCommand(Leave, async (HttpRequest request, ActorSystem system, CancellationToken c) =>
        {
            var cluster = Cluster.Get(system);
            var address = await OptionalAddressAsync(request, c) ?? cluster.SelfAddress;
            RequireMember(cluster, address);
            // Leaving moves the member through Leaving → Exiting → Removed; its shards are handed off on the way and its
            // CoordinatedShutdown ends the process. 202: under way, not done. Repeating the request is harmless.
            cluster.Leave(address);
            return TypedResults.Json(new MemberActionView(address.ToString(), "leaving"), WireJson.Options, statusCode: StatusCodes.Status202Accepted);
        });
        app.MapCommand(Down, async (HttpRequest request, ActorSystem system, CancellationToken c) =>
        {
            var cluster = Cluster.Get(system);
            var address = await OptionalAddressAsync(request, c) ?? throw AddressRequired("down");
            RequireMember(cluster, address);
            cluster.Down(address);
            return TypedResults.Json(new MemberActionView(address.ToString(), "downed"), WireJson.Options);
        });
        app.MapCommand(DownUnreachable, (ActorSystem system) =>
        {
            var cluster = Cluster.Get(system);
            var downed = cluster.State.Unreachable.Select(m => m.Address).ToArray();
            foreach (var address in downed) cluster.Down(address);
            return TypedResults.Json(new DownedView(downed.Select(a => a.ToString()).ToArray(), downed.Length), WireJson.Options);
        });
        app.MapCommand(Join, async (HttpRequest request, ActorSystem system, CancellationToken c) =>
        {
            var address = await OptionalAddressAsync(request, c) ?? throw AddressRequired("join");
            Cluster.Get(system).Join(address);
            return TypedResults.Json(new MemberActionView(address.ToString(), "joining"), WireJson.Options);
        });
        app.MapCommand(Tail, ClusterEventStream.StreamAsync);
        return app;
    }

    internal static ClusterMemberView Member(Member m, Cluster cluster)
    {
        var unreachable = cluster.State.Unreachable.Contains(m);
        return new(m.Address.ToString(), m.Status.ToString(), string.Join(",", m.Roles), !unreachable, unreachable, m.Address.Equals(cluster.State.Leader),
            m.Address.Equals(cluster.SelfAddress));
    }

    private static ClusterStatusView StatusOf(Cluster cluster)
    {
        var state = cluster.State;
        return new(cluster.SelfAddress.ToString(), cluster.SelfMember.Status.ToString(), string.Join(",", cluster.SelfRoles), state.Leader?.ToString(),
            state.Members.Count, state.Members.Count(m => m.Status == MemberStatus.Up), state.Unreachable.Count);
    }

    private static void RequireMember(Cluster cluster, Address address)
    {
        if (cluster.State.Members.Any(m => m.Address.Equals(address)) || cluster.State.Unreachable.Any(m => m.Address.Equals(address))) return;
        throw new FtrProblemException(FtrProblem.NotFound("member-not-found",
            $"'{address}' is not a member of this cluster; members: {string.Join(", ", cluster.State.Members.Select(m => m.Address))}",
            "list members with: ftr cluster show  (or GET /api/cluster)"), StatusCodes.Status404NotFound);
    }

    private static async Task<Address?> OptionalAddressAsync(HttpRequest request, CancellationToken cancellation)
    {
        // A chunked body (no Content-Length) counts too: only a request without any body means "this node".
        var text = (await RequestBody.ReadOptionalAsync<MemberAddressRequest>(request, cancellation)).Address;
        if (text is null) return null;
        try
        {
            var address = Address.Parse(text);
            if (address.Host is null || address.Port is null) throw new UriFormatException("no host or port");
            return address;
        }
        catch (Exception e) when (e is UriFormatException or ArgumentException or FormatException)
        {
            throw new FtrProblemException(FtrProblem.Validation("invalid-address",
                $"'{text}' is not an Akka address", e.Message, "use the form akka.tcp://ftr@host:port, as shown by: ftr cluster show"));
        }
    }

    private static FtrProblemException AddressRequired(string action) =>
        new(FtrProblem.Validation("address-required", $"{action} needs a member address", null,
            $"send e.g. {{\"address\":\"akka.tcp://ftr@10.0.0.5:4053\"}}  (ftr cluster {action} <address>)"));
}
