using Akka.Actor;
using Akka.Cluster;
using FaultTolerantRunner.Persistence;

namespace FaultTolerantRunner.Node.Api;

/// <summary>Liveness (the process answers) and readiness (member Up, journal reachable).</summary>
public static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/health/live", () => TypedResults.Json(new { status = "live" }, Json.Options));
        app.MapGet("/health/ready", ReadyAsync);
        return app;
    }

    private static async Task<IResult> ReadyAsync(ActorSystem system, PersistenceOptions persistence, CancellationToken cancellation)
    {
        var member = Cluster.Get(system).SelfMember;
        var memberUp = member.Status == MemberStatus.Up;
        string journal;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
            timeout.CancelAfter(TimeSpan.FromSeconds(3));
            await JournalProbe.PingAsync(persistence, timeout.Token);
            journal = "reachable";
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellation.IsCancellationRequested)
        {
            journal = $"unreachable: {e.Message}";
        }
        var ready = memberUp && journal == "reachable";
        var body = new
        {
            status = ready ? "ready" : "not-ready",
            member = new { address = member.Address.ToString(), status = member.Status.ToString() },
            journal,
        };
        return TypedResults.Json(body, Json.Options, statusCode: ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }
}
