using Akka.Actor;
using Akka.Cluster;
using FaultTolerantRunner.Problems;

namespace FaultTolerantRunner.Node.Api;

/// <summary><c>/api/cluster</c>: members, leader and this node's view; leave, down, join; a live stream of member events.</summary>
public static class ClusterEndpoints
{
    private static readonly IReadOnlySet<string> AddressFields = new SortedSet<string>(StringComparer.Ordinal) { "address" };

    public static IEndpointRouteBuilder MapClusterEndpoints(this IEndpointRouteBuilder app)
    {
        var cluster = app.MapGroup("/api/cluster");
        cluster.MapGet("", (ActorSystem system) => TypedResults.Json(Show(Cluster.Get(system)), Json.Options));
        cluster.MapGet("/status", (ActorSystem system) => TypedResults.Json(Status(Cluster.Get(system)), Json.Options));
        cluster.MapGet("/leader", (ActorSystem system) =>
            TypedResults.Json(new { leader = Cluster.Get(system).State.Leader?.ToString() }, Json.Options));
        cluster.MapPost("/leave", async (HttpRequest request, ActorSystem system, CancellationToken c) =>
        {
            var cluster = Cluster.Get(system);
            var address = await OptionalAddressAsync(request, c) ?? cluster.SelfAddress;
            RequireMember(cluster, address);
            // Leaving moves the member through Leaving → Exiting → Removed; its shards are handed off on the way and its
            // CoordinatedShutdown ends the process. 202: under way, not done. Repeating the request is harmless.
            cluster.Leave(address);
            return TypedResults.Json(new { address = address.ToString(), action = "leaving" }, Json.Options, statusCode: StatusCodes.Status202Accepted);
        });
        cluster.MapPost("/down", async (HttpRequest request, ActorSystem system, CancellationToken c) =>
        {
            var cluster = Cluster.Get(system);
            var address = await OptionalAddressAsync(request, c) ?? throw AddressRequired("down");
            RequireMember(cluster, address);
            cluster.Down(address);
            return TypedResults.Json(new { address = address.ToString(), action = "downed" }, Json.Options);
        });
        cluster.MapPost("/down-unreachable", (ActorSystem system) =>
        {
            var cluster = Cluster.Get(system);
            var downed = cluster.State.Unreachable.Select(m => m.Address).ToArray();
            foreach (var address in downed) cluster.Down(address);
            return TypedResults.Json(new { downed = downed.Select(a => a.ToString()), count = downed.Length }, Json.Options);
        });
        cluster.MapPost("/join", async (HttpRequest request, ActorSystem system, CancellationToken c) =>
        {
            var address = await OptionalAddressAsync(request, c) ?? throw AddressRequired("join");
            Cluster.Get(system).Join(address);
            return TypedResults.Json(new { address = address.ToString(), action = "joining" }, Json.Options);
        });
        cluster.MapGet("/events", ClusterEventStream.StreamAsync);
        return app;
    }

    internal static object Member(Member m, Cluster cluster) => new
    {
        address = m.Address.ToString(),
        status = m.Status.ToString(),
        roles = string.Join(",", m.Roles),
        reachable = !cluster.State.Unreachable.Contains(m),
        unreachable = cluster.State.Unreachable.Contains(m),
        leader = m.Address.Equals(cluster.State.Leader),
        self = m.Address.Equals(cluster.SelfAddress),
    };

    private static object Show(Cluster cluster) => new
    {
        self = cluster.SelfAddress.ToString(),
        leader = cluster.State.Leader?.ToString(),
        items = cluster.State.Members.Select(m => Member(m, cluster)),
        members = cluster.State.Members.Select(m => Member(m, cluster)),
        unreachable = cluster.State.Unreachable.Select(m => m.Address.ToString()),
    };

    private static object Status(Cluster cluster)
    {
        var state = cluster.State;
        return new
        {
            self = cluster.SelfAddress.ToString(),
            selfStatus = cluster.SelfMember.Status.ToString(),
            roles = string.Join(",", cluster.SelfRoles),
            leader = state.Leader?.ToString(),
            members = state.Members.Count,
            up = state.Members.Count(m => m.Status == MemberStatus.Up),
            unreachable = state.Unreachable.Count,
        };
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
        if (!RequestBody.HasBody(request)) return null;
        var body = await RequestBody.ReadObjectAsync(request, AddressFields, cancellation);
        var text = RequestBody.OptionalString(body, "address", "\"akka.tcp://ftr@10.0.0.5:4053\"");
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
