using FaultTolerantRunner.Chaos;
using FaultTolerantRunner.Commands;
using FaultTolerantRunner.Contracts;
using FaultTolerantRunner.Node.Commands;
using FaultTolerantRunner.Problems;
using FaultTolerantRunner.Tools;
using static FaultTolerantRunner.Commands.CommandInput;

namespace FaultTolerantRunner.Node.Api;

/// <summary>
/// <c>/api/chaos</c>: fault-injection switches per tool or guarded service, changeable at run time on any node and in force
/// cluster-wide (or on one member); the <c>chaos</c> palette.
/// </summary>
public static class ChaosEndpoints
{
    private static readonly CommandInput Target = Argument("target", "A tool name or guarded service name.");

    private const string Example = "send e.g. {\"category\":\"transient\",\"rate\":0.5} or {\"fault\":\"hang\",\"rate\":1}";

    public static readonly CommandDefinition Status = CommandDefinition.Get("status", "The switches that are on, and the nodes each is in force on.", "/api/chaos") with
        { Columns = ["target", "fault", "category", "rate", "latencyMs", "scope", "inForceOn", "enabledAt"] };

    public static readonly CommandDefinition Enable = CommandDefinition.Post("enable",
        "Give a share of a tool's or service's attempts a fault: an error of a category, a hang or a crash; on every node or one.",
        "/api/chaos/{target}",
        Target,
        Switch("fault", CommandValueType.Text, CommandInputLocation.Body,
            "error (default: fail with --category), hang (ignore cancellation until the timeout kills it) or crash (kill its process after --latency ms).",
            alias: "-f"),
        Switch("category", CommandValueType.Text, CommandInputLocation.Body,
            "For error: transient, timeout, external, resource, validation, permanent or critical.", alias: "-c"),
        Switch("rate", CommandValueType.Number, CommandInputLocation.Body, "Share of attempts that get the fault, 0 to 1.", required: true, alias: "-r"),
        Switch("latency", CommandValueType.Integer, CommandInputLocation.Body,
            "Delay every call by this many ms (crash: run this long, then kill).", field: "latencyMs"),
        Switch("node", CommandValueType.Text, CommandInputLocation.Body,
            "Only on this member (its address as 'ftr cluster show' lists it, or host:port); default all.", alias: "-n"));

    public static readonly CommandDefinition Disable = CommandDefinition.Delete("disable", "Switch faults off for a tool or service, on every node.",
        "/api/chaos/{target}", Target);

    public static readonly CommandPalette Palette = new("chaos", "Fault injection per tool or guarded service (error, hang, crash), cluster-wide or on one node.",
        [Status, Enable, Disable]);

    public static IEndpointRouteBuilder MapChaosEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapCommand(Status, (HttpRequest request, ChaosSwitchboard switchboard, ToolRegistry tools) =>
        {
            var (offset, limit) = Query.Page(request.Query);
            var members = switchboard.Members;
            return TypedResults.Json(ListPage<ChaosSwitchView>.Slice(switchboard.Rules.Select(r => Describe(r, tools, members)).ToArray(), offset, limit),
                WireJson.Options);
        });
        app.MapCommand(Enable, EnableAsync);
        app.MapCommand(Disable, async (string target, ChaosSwitchboard switchboard) => await switchboard.DisableAsync(target)
            ? TypedResults.Json(new ChaosDisabledView(target, Enabled: false), WireJson.Options)
            : ProblemResults.Result(FtrProblem.NotFound("chaos-not-enabled",
                $"no chaos switch is on for '{target}'; on: {(switchboard.IsEmpty ? "(none)" : string.Join(", ", switchboard.Rules.Select(r => r.Target)))}",
                "list switches with: ftr chaos status  (or GET /api/chaos)"), StatusCodes.Status404NotFound));
        return app;
    }

    private static async Task<IResult> EnableAsync(string target, HttpRequest request, ChaosSwitchboard switchboard, ToolRegistry tools, CancellationToken cancellation)
    {
        var body = await RequestBody.ReadAsync<ChaosEnableRequest>(request, cancellation);
        var fault = body.Fault ?? ChaosFaults.Error;
        if (fault == ChaosFaults.Error && body.Category is null) throw Invalid("category is required for an error fault", Example);
        var rate = body.Rate ?? throw Invalid("rate is required (a share of attempts between 0 and 1)", Example);
        var latency = body.LatencyMs ?? 0;
        if (ChaosRule.Problem(target, fault, body.Category, rate, latency) is { } problem)
            throw Invalid(problem, Hint(fault, body.Category));
        var members = switchboard.Members;
        var (node, scopeProblem) = ChaosScope.Resolve(body.Node, members);
        if (scopeProblem is not null) throw Invalid(scopeProblem, "list members with: ftr cluster show  (or leave node out for every node)");
        var rule = await switchboard.EnableAsync(target, fault, body.Category, rate, latency, node);
        return TypedResults.Json(Describe(rule, tools, members), WireJson.Options);
    }

    private static string Hint(string fault, string? category)
    {
        if (!ChaosFaults.Kinds.Contains(fault) && Suggest.Closest(fault, ChaosFaults.Kinds) is { } closestFault) return $"use fault '{closestFault}'";
        if (category is not null && !ChaosFaults.Categories.Contains(category) && Suggest.Closest(category, ChaosFaults.Categories) is { } closest)
            return $"use '{closest}'";
        return "check the value against the message";
    }

    internal static ChaosSwitchView Describe(ChaosRule rule, ToolRegistry tools, IReadOnlyList<string> members) =>
        new(rule.Target, tools.Contains(rule.Target) ? "tool" : "service", TaskViews.Category(rule.Category), rule.Rate, rule.LatencyMs, rule.EnabledAt,
            rule.Fault, rule.Scope, ChaosScope.InForceOn(rule, members));

    private static FtrProblemException Invalid(string message, string action) =>
        new(FtrProblem.Validation("invalid-chaos", message, null, action));
}
