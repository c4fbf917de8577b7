using Akka.Hosting;
using FaultTolerantRunner.Commands;
using FaultTolerantRunner.Contracts;
using FaultTolerantRunner.Errors;
using FaultTolerantRunner.Node.Commands;
using FaultTolerantRunner.Problems;
using FaultTolerantRunner.Recovery;
using FaultTolerantRunner.Taxonomy;
using static FaultTolerantRunner.Commands.CommandInput;

namespace FaultTolerantRunner.Node.Api;

/// <summary>
/// <c>/api/recovery</c>: recovery levels per fingerprint, one fingerprint's history and strategies, reset, strategy
/// metrics; the <c>recovery</c> palette.
/// </summary>
public static class RecoveryEndpoints
{
    private static readonly CommandInput Fingerprint = Argument("fingerprint", "An error fingerprint (from ftr errors list).");

    public static readonly CommandDefinition Levels = CommandDefinition.Get("levels", "The recovery level of every fingerprint.", "/api/recovery/levels") with
        { Columns = ["fingerprint", "category", "tool", "level", "updatedAt"] };

    public static readonly CommandDefinition Show = CommandDefinition.Get("show", "One fingerprint's level, history and strategies.",
        "/api/recovery/levels/{fingerprint}", Fingerprint);

    public static readonly CommandDefinition Reset = CommandDefinition.Post("reset", "Reset a fingerprint to level 1.", "/api/recovery/levels/{fingerprint}/reset", Fingerprint);

    public static readonly CommandDefinition Metrics = CommandDefinition.Get("metrics", "Recovery performance per strategy.", "/api/recovery/metrics") with
        { Columns = ["category", "level", "strategy", "attempts", "successes", "successRate", "meanRecoveryMs", "score"] };

    public static readonly CommandPalette Palette = new("recovery", "Progressive recovery: current level per fingerprint, history, strategy scores.",
        [Levels, Show, Reset, Metrics]);

    public static IEndpointRouteBuilder MapRecoveryEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapCommand(Levels, async (HttpRequest request, IRequiredActor<ErrorRegistry> registry, CancellationToken c) =>
        {
            var min = Query.Int(request.Query, "minLevel", 1, 0, RecoveryStrategies.MaxLevel);
            var (offset, limit) = Query.Page(request.Query);
            var levels = await registry.AskAsync<AnalyticsProtocol.Levels, ErrorRegistry>(new AnalyticsProtocol.ListLevels(min), "the error registry", c);
            var rows = levels.Items.Select(g => new RecoveryLevelRow(g.Fingerprint, g.Category, g.Tool, g.Level,
                RecoveryStrategies.LevelName(g.Level), g.Count, g.LastSeen, g.Status)).ToArray();
            return TypedResults.Json(ListPage<RecoveryLevelRow>.Slice(rows, offset, limit), WireJson.Options);
        });
        app.MapCommand(Show, async (string fingerprint, IRequiredActor<RecoveryEntity> region, CancellationToken c) =>
        {
            var state = await region.AskAsync<RecoveryState, RecoveryEntity>(new RecoveryProtocol.GetRecovery(Checked(fingerprint)), "the recovery entity", c);
            return state.Occurrences == 0 ? throw NotFound(fingerprint) : TypedResults.Json(Describe(state), WireJson.Options);
        });
        app.MapCommand(Reset, async (string fingerprint, HttpRequest request, IRequiredActor<RecoveryEntity> region, CancellationToken c) =>
        {
            var body = await RequestBody.ReadOptionalAsync<RecoveryResetRequest>(request, c);
            var current = await region.AskAsync<RecoveryState, RecoveryEntity>(new RecoveryProtocol.GetRecovery(Checked(fingerprint)), "the recovery entity", c);
            if (current.Occurrences == 0) throw NotFound(fingerprint);
            var state = await region.AskAsync<RecoveryState, RecoveryEntity>(new RecoveryProtocol.ResetLevel(fingerprint, body.Reason ?? "by operator"),
                "the recovery entity", c);
            return TypedResults.Json(Describe(state), WireJson.Options);
        });
        app.MapCommand(Metrics, async (IRequiredActor<ErrorRegistry> registry, CancellationToken c) =>
        {
            var metrics = await registry.AskAsync<AnalyticsProtocol.StrategyMetricsList, ErrorRegistry>(AnalyticsProtocol.GetStrategyMetrics.Instance,
                "the error registry", c);
            var strategies = metrics.Strategies.Select(s => new StrategyMetricsView(s.Category, s.Level, s.Strategy, s.Attempts,
                s.Successes, s.SuccessRate, s.MeanRecoveryMs, s.Score)).ToArray();
            return TypedResults.Json(new RecoveryMetricsView(strategies, metrics.ActionsRecorded, metrics.OutcomesRecorded,
                "(successes + 1) / (attempts + 2) / (1 + meanRecoveryMs / Recovery:RecoveryTimeScale)"), WireJson.Options);
        });
        return app;
    }

    private static RecoveryView Describe(RecoveryState s) => new(
        s.Fingerprint,
        s.Category,
        s.Tool,
        s.Severity,
        s.Level,
        RecoveryStrategies.LevelName(s.Level),
        s.LevelSince,
        s.FirstSeen,
        s.LastSeen,
        s.Occurrences,
        s.Resolved ? "resolved" : "open",
        s.LastMessage,
        s.Actions,
        s.DeadLettered,
        s.Alerts,
        s.Incidents,
        s.Strategies.Values.OrderBy(r => r.Level).ThenBy(r => r.Strategy, StringComparer.Ordinal)
            .Select(r => new RecoveryStrategyView(r.Level, r.Strategy, r.Attempts, r.Successes, r.SuccessRate, r.MeanRecoveryMs)).ToArray(),
        s.History.Reverse().Select(h => new RecoveryHistoryView(h.At, h.Kind, h.Level, h.Strategy, h.TaskId, h.Detail)).ToArray());

    private static string Checked(string fingerprint)
    {
        if (string.IsNullOrWhiteSpace(fingerprint) || fingerprint.Length > 300 || fingerprint.Any(char.IsControl))
            throw new FtrProblemException(FtrProblem.Validation("invalid-fingerprint", "a fingerprint is 1 to 300 printable characters, e.g. flaky:transient:0123456789abcdef", null,
                "copy it from GET /api/recovery/levels or GET /api/errors"));
        return fingerprint;
    }

    private static FtrProblemException NotFound(string fingerprint) => new(FtrProblem.NotFound("fingerprint-not-found",
        $"no failure with fingerprint '{fingerprint}' has been recorded", "list fingerprints with GET /api/recovery/levels  (ftr recovery levels)"),
        StatusCodes.Status404NotFound);
}
