using Akka.Hosting;
using FaultTolerantRunner.Breakers;
using FaultTolerantRunner.Commands;
using FaultTolerantRunner.Contracts;
using FaultTolerantRunner.Node.Commands;
using FaultTolerantRunner.Problems;
using static FaultTolerantRunner.Commands.CommandInput;

namespace FaultTolerantRunner.Node.Api;

/// <summary><c>/api/breakers</c>: the circuit breakers as this node holds them (one state cluster-wide) — state, window stats, transitions; manual trip and reset; the <c>breakers</c> palette.</summary>
public static class BreakersEndpoints
{
    private static readonly CommandInput Service = Argument("name", "The guarded service, e.g. payments or api.example.com:443.");

    public static readonly CommandDefinition List = CommandDefinition.Get("list", "All breakers on this node.", "/api/breakers") with
        { Columns = ["service", "state", "forced", "nextHalfOpenAt", "epoch", "changedBy"] };

    public static readonly CommandDefinition Show = CommandDefinition.Get("show", "One breaker with its window and transitions.", "/api/breakers/{name}", Service);

    public static readonly CommandDefinition Trip = CommandDefinition.Post("trip", "Open a breaker by hand on every node (calls fail fast until reset).", "/api/breakers/{name}/trip", Service);

    public static readonly CommandDefinition Reset = CommandDefinition.Post("reset", "Close a breaker by hand on every node.", "/api/breakers/{name}/reset", Service);

    public static readonly CommandPalette Palette = new("breakers", "Circuit breakers per guarded service: state, window, manual trip and reset.",
        [List, Show, Trip, Reset]);

    public static IEndpointRouteBuilder MapBreakerEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapCommand(List, async (HttpRequest request, IRequiredActor<BreakerRegistry> registry, CancellationToken c) =>
        {
            var (offset, limit) = Query.Page(request.Query);
            var views = await registry.AskAsync<BreakerProtocol.BreakerView[], BreakerRegistry>(BreakerProtocol.GetBreakers.Instance, "the breakers", c);
            return TypedResults.Json(ListPage<BreakerView>.Slice(views.Select(Describe).ToArray(), offset, limit), WireJson.Options);
        });
        app.MapCommand(Show, (string name, IRequiredActor<BreakerRegistry> registry, CancellationToken c) =>
            AskAsync(name, registry, new BreakerProtocol.GetBreaker(name), c));
        app.MapCommand(Trip, (string name, IRequiredActor<BreakerRegistry> registry, CancellationToken c) =>
            AskAsync(name, registry, new BreakerProtocol.Trip(name, "by operator"), c));
        app.MapCommand(Reset, (string name, IRequiredActor<BreakerRegistry> registry, CancellationToken c) =>
            AskAsync(name, registry, new BreakerProtocol.Reset(name, "by operator"), c));
        return app;
    }

    private static async Task<IResult> AskAsync(string name, IRequiredActor<BreakerRegistry> registry, object message, CancellationToken cancellation)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Length > 200 || name.Any(char.IsControl))
            throw new FtrProblemException(FtrProblem.Validation("invalid-service", "a service name is 1 to 200 printable characters", null,
                "use the tool's service parameter or host:port, e.g. payments or api.example.com:443"));
        var reply = await registry.AskAsync<object, BreakerRegistry>(message, $"breaker '{name}'", cancellation);
        return reply is BreakerProtocol.BreakerView view
            ? TypedResults.Json(Describe(view), WireJson.Options)
            : ProblemResults.Result(FtrProblem.NotFound("breaker-not-found", $"no breaker for service '{name}' on this node (none was used or tripped yet)",
                "list breakers with: ftr breakers list  (or GET /api/breakers)"), StatusCodes.Status404NotFound);
    }

    internal static BreakerView Describe(BreakerProtocol.BreakerView view)
    {
        var o = view.Options;
        return new BreakerView(
            view.Service,
            view.Status.ToString(),
            view.Forced,
            new BreakerWindowView(view.Calls, view.Failures, Math.Round(view.FailureRatio, 4), o.SamplingWindow.TotalSeconds),
            view.NextHalfOpenAt,
            view.CurrentBreakSeconds,
            view.Transitions.Select(t => new BreakerTransitionView(t.At, t.From.ToString(), t.To.ToString(), t.Reason)).ToArray(),
            new BreakerOptionsView(o.FailureRatio, o.MinimumThroughput, o.SamplingWindow, o.SlowCallThreshold, o.BreakDuration, o.BreakGrowth,
                o.MaxBreakDuration, o.HalfOpenProbes, o.ProbeTimeout, o.SuccessesToClose),
            view.Epoch,
            view.ChangedBy,
            view.ProbingOn);
    }
}
