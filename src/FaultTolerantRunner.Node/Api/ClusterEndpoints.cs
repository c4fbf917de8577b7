using Akka.Actor;
using Akka.Cluster;
using FaultTolerantRunner.Errors;
using FaultTolerantRunner.Hosting;

namespace FaultTolerantRunner.Node.Api;

/// <summary>
/// <c>/api/cluster</c>: the members as this node sees them, and a graceful leave (<c>POST /api/cluster/leave</c>, the
/// <c>ftr cluster leave</c> command): the member hands its shards off through CoordinatedShutdown, then its process exits.
/// </summary>
public static class ClusterEndpoints
{
    private static readonly IReadOnlySet<string> LeaveFields = new HashSet<string>(["address"]);

    public static IEndpointRouteBuilder MapClusterEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/cluster", (ActorSystem system) => TypedResults.Json(Describe(Cluster.Get(system)), Json.Options));
        app.MapPost("/api/cluster/leave", LeaveAsync);
        return app;
    }

    private static object Describe(Cluster cluster)
    {
        var state = cluster.State;
        var unreachable = state.Unreachable.Select(m => m.Address).ToHashSet();
        return new
        {
            self = cluster.SelfAddress.ToString(),
            leader = state.Leader?.ToString(),
            members = state.Members.Select(m => new
            {
                address = m.Address.ToString(),
                status = m.Status.ToString(),
                roles = m.Roles.OrderBy(r => r, StringComparer.Ordinal).ToArray(),
                leader = m.Address.Equals(state.Leader),
                unreachable = unreachable.Contains(m.Address),
            }).ToArray(),
            unreachable = unreachable.Select(a => a.ToString()).ToArray(),
        };
    }

    private static async Task<IResult> LeaveAsync(HttpRequest request, ActorSystem system, CancellationToken cancellation)
    {
        var cluster = Cluster.Get(system);
        var address = cluster.SelfAddress;
        if (request.ContentLength is > 0 || request.ContentType is not null)
        {
            var body = await RequestBody.ReadObjectAsync(request, LeaveFields, cancellation);
            if (RequestBody.OptionalString(body, "address", "\"akka.tcp://ftr@127.0.0.1:4053\"") is { } text)
            {
                try
                {
                    address = ClusterNodeOptions.ParseSeed(text);
                }
                catch (RunnerConfigurationException)
                {
                    throw new FtrProblemException(FtrProblem.Validation("invalid-address", $"'{text}' is not a member address", null,
                        "use the form akka.tcp://ftr@127.0.0.1:4053", "list members with: ftr cluster show  (or GET /api/cluster)"));
                }
            }
        }

        var member = cluster.State.Members.FirstOrDefault(m => m.Address.Equals(address));
        if (member is null)
            throw new FtrProblemException(FtrProblem.NotFound("member-not-found", $"no cluster member at {address}",
                "list members with: ftr cluster show  (or GET /api/cluster)"), StatusCodes.Status404NotFound);

        // Leaving moves the member through Leaving → Exiting → Removed; its shards are handed off on the way and its
        // CoordinatedShutdown ends the process. Repeating the request is harmless.
        cluster.Leave(address);
        return TypedResults.Json(new { leaving = address.ToString(), status = member.Status.ToString() }, Json.Options,
            statusCode: StatusCodes.Status202Accepted);
    }
}
