using Akka.Hosting;
using FaultTolerantRunner.Errors;
using FaultTolerantRunner.Problems;
using FaultTolerantRunner.Recovery;
using FaultTolerantRunner.Taxonomy;

namespace FaultTolerantRunner.Node.Api;

/// <summary><c>/api/errors</c>: the error registry — reports grouped by fingerprint, filtered and sorted; one group or report; resolve.</summary>
public static class ErrorRegistryEndpoints
{
    private static readonly IReadOnlySet<string> ResolveFields = new SortedSet<string>(StringComparer.Ordinal) { "note" };
    private static readonly string[] Statuses = ["open", "resolved"];
    private static readonly string[] Sorts = ["lastSeen", "count"];

    public static IEndpointRouteBuilder MapErrorRegistryEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/errors", ListAsync);
        app.MapGet("/api/errors/{id}", GetAsync);
        app.MapPost("/api/errors/{id}/resolve", ResolveAsync);
        return app;
    }

    private static async Task<IResult> ListAsync(HttpRequest request, IRequiredActor<ErrorRegistry> registry, CancellationToken cancellation)
    {
        var query = request.Query;
        var category = OneOf(query["category"], "category", Enum.GetValues<ErrorCategory>().Select(Names.Of).ToArray());
        var severity = OneOf(query["severity"], "severity", Enum.GetValues<Severity>().Select(Names.Of).ToArray());
        var status = OneOf(query["status"], "status", Statuses);
        var sort = OneOf(query["sort"], "sort", Sorts) ?? "lastSeen";
        var limit = TasksEndpoints.IntQuery(query, "limit", 50, 1, 500);
        var offset = TasksEndpoints.IntQuery(query, "offset", 0, 0, int.MaxValue);
        var list = await Ask.ActorAsync<AnalyticsProtocol.ErrorList, ErrorRegistry>(registry, new AnalyticsProtocol.ListErrors(category, severity,
            DlqEndpoints.Text(query["tool"]), DlqEndpoints.Since(query["since"].ToString()), status, sort, offset, limit), "the error registry", cancellation);
        return TypedResults.Json(new { items = list.Items.Select(Describe), total = list.Total, offset, limit, complete = list.CaughtUp }, Json.Options);
    }

    private static async Task<IResult> GetAsync(string id, IRequiredActor<ErrorRegistry> registry, CancellationToken cancellation)
    {
        var reply = await Ask.ActorAsync<object, ErrorRegistry>(registry, new AnalyticsProtocol.GetError(id), "the error registry", cancellation);
        return reply is AnalyticsProtocol.ErrorDetail detail
            ? TypedResults.Json(new { group = Describe(detail.Group), reports = detail.Reports }, Json.Options)
            : NotFound(id);
    }

    private static async Task<IResult> ResolveAsync(string id, HttpRequest request, IRequiredActor<ErrorRegistry> registry,
        IRequiredActor<RecoveryEntity> recovery, CancellationToken cancellation)
    {
        var note = "resolved by operator";
        if (RequestBody.HasBody(request))
            note = RequestBody.OptionalString(await RequestBody.ReadObjectAsync(request, ResolveFields, cancellation), "note", "\"disk cleaned up\"") ?? note;
        var reply = await Ask.ActorAsync<object, ErrorRegistry>(registry, new AnalyticsProtocol.GetError(id), "the error registry", cancellation);
        if (reply is not AnalyticsProtocol.ErrorDetail detail) return NotFound(id);
        var state = await Ask.ActorAsync<RecoveryState, RecoveryEntity>(recovery, new RecoveryProtocol.Resolve(detail.Group.Fingerprint, note), "the error's recovery entity", cancellation);
        return TypedResults.Json(new { fingerprint = state.Fingerprint, status = state.Resolved ? "resolved" : "open", level = state.Level, note }, Json.Options);
    }

    internal static object Describe(ErrorGroup g) => new
    {
        id = g.Fingerprint,
        fingerprint = g.Fingerprint,
        g.Category,
        g.Severity,
        g.Tool,
        g.Rule,
        g.Type,
        message = g.LastMessage,
        g.Count,
        g.FirstSeen,
        g.LastSeen,
        g.Status,
        g.ResolvedAt,
        recoveryLevel = g.Level,
        g.DeadLettered,
        g.Alerts,
        g.Incidents,
        recentReports = g.RecentReports,
    };

    private static string? OneOf(string? value, string name, IReadOnlyList<string> allowed)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        var match = allowed.FirstOrDefault(a => string.Equals(a, value, StringComparison.OrdinalIgnoreCase));
        if (match is not null) return match;
        var closest = Suggest.Closest(value, allowed);
        throw new FtrProblemException(FtrProblem.Validation($"invalid-{name.ToLowerInvariant()}",
            $"{name} must be one of {string.Join(", ", allowed)} (got '{value}')" + (closest is null ? "" : $"; did you mean '{closest}'?"), null,
            $"use e.g. {name}={closest ?? allowed[0]}"));
    }

    private static IResult NotFound(string id) => ProblemResults.Result(FtrProblem.NotFound("error-not-found",
        $"no error report or fingerprint '{id}' in the registry (reports older than Analytics:Retention leave it)",
        "list errors with GET /api/errors  (ftr errors list)"), StatusCodes.Status404NotFound);
}
