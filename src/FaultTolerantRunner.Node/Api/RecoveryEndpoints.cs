using Akka.Hosting;
using FaultTolerantRunner.Errors;
using FaultTolerantRunner.Problems;
using FaultTolerantRunner.Recovery;

namespace FaultTolerantRunner.Node.Api;

/// <summary><c>/api/recovery</c>: recovery levels per fingerprint, one fingerprint's history and strategies, reset, strategy metrics.</summary>
public static class RecoveryEndpoints
{
    private static readonly IReadOnlySet<string> ResetFields = new SortedSet<string>(StringComparer.Ordinal) { "reason" };

    public static IEndpointRouteBuilder MapRecoveryEndpoints(this IEndpointRouteBuilder app)
    {
        var recovery = app.MapGroup("/api/recovery");
        recovery.MapGet("/levels", async (HttpRequest request, IRequiredActor<ErrorRegistry> registry, CancellationToken c) =>
        {
            var min = TasksEndpoints.IntQuery(request.Query, "minLevel", 1, 0, RecoveryStrategies.MaxLevel);
            var levels = await Ask.ActorAsync<AnalyticsProtocol.Levels, ErrorRegistry>(registry, new AnalyticsProtocol.ListLevels(min), "the error registry", c);
            return TypedResults.Json(levels.Items.Select(g => new
            {
                g.Fingerprint, g.Category, g.Tool, level = g.Level, levelName = RecoveryStrategies.LevelName(g.Level), g.Count, updatedAt = g.LastSeen, g.Status,
            }), Json.Options);
        });
        recovery.MapGet("/levels/{fingerprint}", async (string fingerprint, IRequiredActor<RecoveryEntity> region, CancellationToken c) =>
        {
            var state = await Ask.ActorAsync<RecoveryState, RecoveryEntity>(region, new RecoveryProtocol.GetRecovery(Checked(fingerprint)), "the recovery entity", c);
            return state.Occurrences == 0 ? NotFound(fingerprint) : TypedResults.Json(Describe(state), Json.Options);
        });
        recovery.MapPost("/levels/{fingerprint}/reset", async (string fingerprint, HttpRequest request, IRequiredActor<RecoveryEntity> region, CancellationToken c) =>
        {
            var reason = "by operator";
            if (RequestBody.HasBody(request))
                reason = RequestBody.OptionalString(await RequestBody.ReadObjectAsync(request, ResetFields, c), "reason", "\"cause fixed\"") ?? reason;
            var current = await Ask.ActorAsync<RecoveryState, RecoveryEntity>(region, new RecoveryProtocol.GetRecovery(Checked(fingerprint)), "the recovery entity", c);
            if (current.Occurrences == 0) return NotFound(fingerprint);
            var state = await Ask.ActorAsync<RecoveryState, RecoveryEntity>(region, new RecoveryProtocol.ResetLevel(fingerprint, reason), "the recovery entity", c);
            return TypedResults.Json(Describe(state), Json.Options);
        });
        recovery.MapGet("/metrics", async (IRequiredActor<ErrorRegistry> registry, CancellationToken c) =>
        {
            var metrics = await Ask.ActorAsync<AnalyticsProtocol.StrategyMetricsList, ErrorRegistry>(registry, AnalyticsProtocol.GetStrategyMetrics.Instance, "the error registry", c);
            return TypedResults.Json(new
            {
                strategies = metrics.Strategies,
                actionsRecorded = metrics.ActionsRecorded,
                outcomesRecorded = metrics.OutcomesRecorded,
                score = "(successes + 1) / (attempts + 2) / (1 + meanRecoveryMs / Recovery:RecoveryTimeScale)",
            }, Json.Options);
        });
        return app;
    }

    private static object Describe(RecoveryState s) => new
    {
        s.Fingerprint,
        s.Category,
        s.Tool,
        s.Severity,
        level = s.Level,
        levelName = RecoveryStrategies.LevelName(s.Level),
        levelSince = s.LevelSince,
        s.FirstSeen,
        s.LastSeen,
        s.Occurrences,
        status = s.Resolved ? "resolved" : "open",
        s.LastMessage,
        s.Actions,
        s.DeadLettered,
        s.Alerts,
        s.Incidents,
        strategies = s.Strategies.Values.OrderBy(r => r.Level).ThenBy(r => r.Strategy, StringComparer.Ordinal)
            .Select(r => new { r.Level, r.Strategy, r.Attempts, r.Successes, r.SuccessRate, r.MeanRecoveryMs }),
        history = s.History.Reverse(),
    };

    private static string Checked(string fingerprint)
    {
        if (string.IsNullOrWhiteSpace(fingerprint) || fingerprint.Length > 300 || fingerprint.Any(char.IsControl))
            throw new FtrProblemException(FtrProblem.Validation("invalid-fingerprint", "a fingerprint is 1 to 300 printable characters, e.g. flaky:transient:0123456789abcdef", null,
                "copy it from GET /api/recovery/levels or GET /api/errors"));
        return fingerprint;
    }

    private static IResult NotFound(string fingerprint) => ProblemResults.Result(FtrProblem.NotFound("fingerprint-not-found",
        $"no failure with fingerprint '{fingerprint}' has been recorded", "list fingerprints with GET /api/recovery/levels  (ftr recovery levels)"),
        StatusCodes.Status404NotFound);
}
