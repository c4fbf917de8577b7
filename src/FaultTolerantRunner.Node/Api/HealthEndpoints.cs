using Akka.Actor;
using Akka.Cluster;
using FaultTolerantRunner.Commands;
using FaultTolerantRunner.Contracts;
using FaultTolerantRunner.Node.Commands;
using FaultTolerantRunner.Persistence;

namespace FaultTolerantRunner.Node.Api;

/// <summary>Liveness (the process answers) and readiness (member Up, journal reachable); the <c>node</c> palette.</summary>
public static class HealthEndpoints
{
    public static readonly CommandDefinition Ready = CommandDefinition.Get("health", "Readiness: member Up and journal reachable.", "/health/ready");

    /// <summary>Served by the Prometheus exporter (<see cref="Telemetry.NodeTelemetry"/>), which maps this route.</summary>
    public static readonly CommandDefinition Metrics = CommandDefinition.Get("metrics", "A summary of the node's ftr_* metrics (from /metrics).", "/metrics") with
        { Mode = CommandMode.Metrics };

    public static readonly CommandPalette Palette = new("node", "Health and metrics of the node you are connected to.", [Ready, Metrics]);

    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/health/live", () => TypedResults.Json(new LivenessView("live"), WireJson.Options));
        app.MapCommand(Ready, ReadyAsync);
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
        var body = new ReadinessView(ready ? "ready" : "not-ready", new MemberStatusView(member.Address.ToString(), member.Status.ToString()), journal);
        return TypedResults.Json(body, WireJson.Options, statusCode: ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }
}
