using FaultTolerantRunner.Chaos;
using FaultTolerantRunner.Commands;
using FaultTolerantRunner.Contracts;
using FaultTolerantRunner.Node.Commands;
using FaultTolerantRunner.Problems;
using FaultTolerantRunner.Tools;
using static FaultTolerantRunner.Commands.CommandInput;

namespace FaultTolerantRunner.Node.Api;

/// <summary><c>/api/chaos</c>: fault-injection switches per tool or guarded service, changeable at run time; the <c>chaos</c> palette.</summary>
public static class ChaosEndpoints
{
    private static readonly CommandInput Target = Argument("target", "A tool name or guarded service name.");

    public static readonly CommandDefinition Status = CommandDefinition.Get("status", "The switches that are on.", "/api/chaos") with
        { Columns = ["target", "appliesTo", "category", "rate", "latencyMs", "enabledAt"] };

    public static readonly CommandDefinition Enable = CommandDefinition.Post("enable", "Fail a share of calls of a tool or service with an error of a category.",
        "/api/chaos/{target}",
        Target,
        Switch("category", CommandValueType.Text, CommandInputLocation.Body,
            "transient, timeout, external, resource, validation, permanent or critical.", required: true, alias: "-c"),
        Switch("rate", CommandValueType.Number, CommandInputLocation.Body, "Share of calls that fail, 0 to 1.", required: true, alias: "-r"),
        Switch("latency", CommandValueType.Integer, CommandInputLocation.Body, "Delay every call by this many ms.", field: "latencyMs"));

    public static readonly CommandDefinition Disable = CommandDefinition.Delete("disable", "Switch faults off for a tool or service.", "/api/chaos/{target}", Target);

    public static readonly CommandPalette Palette = new("chaos", "Fault injection per tool or guarded service, switchable at run time.",
        [Status, Enable, Disable]);

    public static IEndpointRouteBuilder MapChaosEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapCommand(Status, (HttpRequest request, ChaosSwitchboard switchboard, ToolRegistry tools) =>
        {
            var (offset, limit) = Query.Page(request.Query);
            return TypedResults.Json(ListPage<ChaosSwitchView>.Slice(switchboard.Rules.Select(r => Describe(r, tools)).ToArray(), offset, limit), WireJson.Options);
        });
        app.MapCommand(Enable, EnableAsync);
        app.MapCommand(Disable, (string target, ChaosSwitchboard switchboard) => switchboard.Disable(target)
            ? TypedResults.Json(new ChaosDisabledView(target, Enabled: false), WireJson.Options)
            : ProblemResults.Result(FtrProblem.NotFound("chaos-not-enabled",
                $"no chaos switch is on for '{target}'; on: {(switchboard.IsEmpty ? "(none)" : string.Join(", ", switchboard.Rules.Select(r => r.Target)))}",
                "list switches with: ftr chaos status  (or GET /api/chaos)"), StatusCodes.Status404NotFound));
        return app;
    }

    private static async Task<IResult> EnableAsync(string target, HttpRequest request, ChaosSwitchboard switchboard, ToolRegistry tools, CancellationToken cancellation)
    {
        var body = await RequestBody.ReadAsync<ChaosEnableRequest>(request, cancellation);
        var category = body.Category ?? throw Invalid("category is required", "send e.g. {\"category\":\"transient\",\"rate\":0.5}");
        var rate = body.Rate ?? throw Invalid("rate is required (a share of calls between 0 and 1)", "send e.g. {\"category\":\"transient\",\"rate\":0.5}");
        var latency = body.LatencyMs ?? 0;
        if (ChaosRule.Problem(target, category, rate, latency) is { } problem)
        {
            var closest = ChaosFaults.Categories.Contains(category) ? null : Suggest.Closest(category, ChaosFaults.Categories);
            throw Invalid(problem, closest is null ? "check the value against the message" : $"use '{closest}'");
        }
        return TypedResults.Json(Describe(switchboard.Enable(target, category, rate, latency), tools), WireJson.Options);
    }

    private static ChaosSwitchView Describe(ChaosRule rule, ToolRegistry tools) =>
        new(rule.Target, tools.Contains(rule.Target) ? "tool" : "service", TaskViews.Category(rule.Category), rule.Rate, rule.LatencyMs, rule.EnabledAt);

    private static FtrProblemException Invalid(string message, string action) =>
        new(FtrProblem.Validation("invalid-chaos", message, null, action));
}
