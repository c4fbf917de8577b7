using System.Text.Json;
using System.Text.Json.Nodes;
using FaultTolerantRunner.Chaos;
using FaultTolerantRunner.Problems;
using FaultTolerantRunner.Tools;

namespace FaultTolerantRunner.Node.Api;

/// <summary><c>/api/chaos</c>: fault-injection switches per tool or guarded service, changeable at run time.</summary>
public static class ChaosEndpoints
{
    private static readonly IReadOnlySet<string> Fields = new SortedSet<string>(StringComparer.Ordinal) { "category", "rate", "latencyMs" };

    public static IEndpointRouteBuilder MapChaosEndpoints(this IEndpointRouteBuilder app)
    {
        var chaos = app.MapGroup("/api/chaos");
        chaos.MapGet("", (ChaosSwitchboard switchboard, ToolRegistry tools) =>
            TypedResults.Json(new { items = switchboard.Rules.Select(r => Describe(r, tools)) }, Json.Options));
        chaos.MapPost("/{target}", EnableAsync);
        chaos.MapDelete("/{target}", (string target, ChaosSwitchboard switchboard) => switchboard.Disable(target)
            ? TypedResults.Json(new { target, enabled = false }, Json.Options)
            : ProblemResults.Result(FtrProblem.NotFound("chaos-not-enabled",
                $"no chaos switch is on for '{target}'; on: {(switchboard.IsEmpty ? "(none)" : string.Join(", ", switchboard.Rules.Select(r => r.Target)))}",
                "list switches with: ftr chaos status  (or GET /api/chaos)"), StatusCodes.Status404NotFound));
        return app;
    }

    private static async Task<IResult> EnableAsync(string target, HttpRequest request, ChaosSwitchboard switchboard, ToolRegistry tools, CancellationToken cancellation)
    {
        var body = await RequestBody.ReadObjectAsync(request, Fields, cancellation);
        var category = RequestBody.OptionalString(body, "category", "\"transient\"")
                       ?? throw Invalid("category is required", "send e.g. {\"category\":\"transient\",\"rate\":0.5}");
        var rate = Rate(body) ?? throw Invalid("rate is required (a share of calls between 0 and 1)", "send e.g. {\"category\":\"transient\",\"rate\":0.5}");
        var latency = RequestBody.OptionalInt(body, "latencyMs", "250") ?? 0;
        if (ChaosRule.Problem(target, category, rate, latency) is { } problem)
        {
            var closest = ChaosFaults.Categories.Contains(category) ? null : Suggest.Closest(category, ChaosFaults.Categories);
            throw Invalid(problem, closest is null ? "check the value against the message" : $"use '{closest}'");
        }
        return TypedResults.Json(Describe(switchboard.Enable(target, category, rate, latency), tools), Json.Options);
    }

    private static double? Rate(JsonObject body) => body["rate"] switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<double>(out var d) => d,
        _ => throw Invalid("field 'rate' must be a number between 0 and 1", "send e.g. \"rate\": 0.25"),
    };

    private static object Describe(ChaosRule rule, ToolRegistry tools) => new
    {
        target = rule.Target,
        appliesTo = tools.Contains(rule.Target) ? "tool" : "service",
        category = rule.Category,
        rate = rule.Rate,
        latencyMs = rule.LatencyMs,
        enabledAt = rule.EnabledAt,
    };

    private static FtrProblemException Invalid(string message, string action) =>
        new(FtrProblem.Validation("invalid-chaos", message, null, action));
}
