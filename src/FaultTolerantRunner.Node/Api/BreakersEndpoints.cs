using Akka.Actor;
using Akka.Hosting;
using FaultTolerantRunner.Breakers;
using FaultTolerantRunner.Problems;

namespace FaultTolerantRunner.Node.Api;

/// <summary><c>/api/breakers</c>: this node's circuit breakers — state, window stats, transitions; manual trip and reset.</summary>
public static class BreakersEndpoints
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(5);

    public static IEndpointRouteBuilder MapBreakerEndpoints(this IEndpointRouteBuilder app)
    {
        var breakers = app.MapGroup("/api/breakers");
        breakers.MapGet("", async (IRequiredActor<BreakerRegistry> registry, CancellationToken c) =>
            TypedResults.Json((await (await registry.GetAsync(c)).Ask<BreakerProtocol.BreakerView[]>(BreakerProtocol.GetBreakers.Instance, AskTimeout, c)).Select(Describe), Json.Options));
        breakers.MapGet("/{name}", (string name, IRequiredActor<BreakerRegistry> registry, CancellationToken c) =>
            AskAsync(name, registry, new BreakerProtocol.GetBreaker(name), c));
        breakers.MapPost("/{name}/trip", (string name, IRequiredActor<BreakerRegistry> registry, CancellationToken c) =>
            AskAsync(name, registry, new BreakerProtocol.Trip(name, "by operator"), c));
        breakers.MapPost("/{name}/reset", (string name, IRequiredActor<BreakerRegistry> registry, CancellationToken c) =>
            AskAsync(name, registry, new BreakerProtocol.Reset(name, "by operator"), c));
        return app;
    }

    private static async Task<IResult> AskAsync(string name, IRequiredActor<BreakerRegistry> registry, object message, CancellationToken cancellation)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Length > 200 || name.Any(char.IsControl))
            throw new FtrProblemException(FtrProblem.Validation("invalid-service", "a service name is 1 to 200 printable characters", null,
                "use the tool's service parameter or host:port, e.g. payments or api.example.com:443"));
        object reply;
        try
        {
            reply = await (await registry.GetAsync(cancellation)).Ask<object>(message, AskTimeout, cancellation);
        }
        catch (AskTimeoutException)
        {
            throw new FtrProblemException(new FtrProblem("transient", "breaker-timeout", "medium", $"breaker '{name}' did not answer in time", null,
                ["retry in a moment"], Timestamp: DateTimeOffset.UtcNow), StatusCodes.Status503ServiceUnavailable);
        }
        return reply is BreakerProtocol.BreakerView view
            ? TypedResults.Json(Describe(view), Json.Options)
            : ProblemResults.Result(FtrProblem.NotFound("breaker-not-found", $"no breaker for service '{name}' on this node (none was used or tripped yet)",
                "list breakers with: ftr breakers list  (or GET /api/breakers)"), StatusCodes.Status404NotFound);
    }

    private static object Describe(BreakerProtocol.BreakerView view) => new
    {
        service = view.Service,
        state = view.Status.ToString(),
        forced = view.Forced,
        window = new { calls = view.Calls, failures = view.Failures, failureRatio = Math.Round(view.FailureRatio, 4), seconds = view.Options.SamplingWindow.TotalSeconds },
        nextHalfOpenAt = view.NextHalfOpenAt,
        currentBreakSeconds = view.CurrentBreakSeconds,
        transitions = view.Transitions,
        options = view.Options,
    };
}
