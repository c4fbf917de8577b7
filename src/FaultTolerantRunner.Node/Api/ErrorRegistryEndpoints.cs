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
/// <c>/api/errors</c>: the error registry — reports grouped by fingerprint, filtered and sorted; one group or report;
/// resolve — and the <c>errors</c> palette (with <see cref="ErrorsEndpoints.Classify"/>).
/// </summary>
public static class ErrorRegistryEndpoints
{
    private static readonly string[] Statuses = ["open", "resolved"];
    private static readonly string[] Sorts = ["lastSeen", "count"];
    private static readonly CommandInput ErrorId = Argument("id", "An error id (from ftr errors list).");

    public static readonly CommandDefinition List = CommandDefinition.Get("list", "Errors grouped by fingerprint.", "/api/errors",
        Switch("category", CommandValueType.Text, CommandInputLocation.Query, "Only this category."),
        Switch("severity", CommandValueType.Text, CommandInputLocation.Query, "Only this severity."),
        Switch("tool", CommandValueType.Text, CommandInputLocation.Query, "Only this tool."),
        Switch("since", CommandValueType.Text, CommandInputLocation.Query, "Only seen since (ISO 8601)."),
        Switch("status", CommandValueType.Text, CommandInputLocation.Query, "Only open or resolved errors."),
        Switch("limit", CommandValueType.Integer, CommandInputLocation.Query, "At most this many (default 50)."),
        Switch("offset", CommandValueType.Integer, CommandInputLocation.Query, "Skip this many (the nextOffset of the page before).")) with
        { Columns = ["id", "category", "severity", "tool", "count", "lastSeen", "status", "message"] };

    public static readonly CommandDefinition Show = CommandDefinition.Get("show", "One error with its occurrences.", "/api/errors/{id}", ErrorId);

    public static readonly CommandDefinition Resolve = CommandDefinition.Post("resolve", "Mark an error resolved.", "/api/errors/{id}/resolve", ErrorId);

    public static readonly CommandPalette Palette = new("errors", "The error registry: grouped errors, details, resolution, classification.",
    [
        List,
        Show,
        Resolve,
        List with
        {
            Name = "top", Description = "The ten most frequent errors.", Route = List.Route + "?sort=count&limit=10", Inputs = [],
            Columns = ["id", "category", "severity", "tool", "count", "lastSeen", "message"],
        },
        ErrorsEndpoints.Classify,
    ]);

    public static IEndpointRouteBuilder MapErrorRegistryEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapCommand(List, ListAsync);
        app.MapCommand(Show, async (string id, IRequiredActor<ErrorRegistry> registry, CancellationToken c) =>
        {
            var detail = await DetailAsync(id, registry, c);
            return TypedResults.Json(new ErrorDetailView(Describe(detail.Group), detail.Reports.Select(Describe).ToArray()), WireJson.Options);
        });
        app.MapCommand(Resolve, ResolveAsync);
        return app;
    }

    private static async Task<IResult> ListAsync(HttpRequest request, IRequiredActor<ErrorRegistry> registry, CancellationToken cancellation)
    {
        var query = request.Query;
        var category = Query.Category(query["category"]);
        var severity = Query.Severity(query["severity"]);
        var status = Query.OneOf(query["status"], "status", Statuses);
        var sort = Query.OneOf(query["sort"], "sort", Sorts) ?? "lastSeen";
        var (offset, limit) = Query.Page(query, 50);
        var list = await registry.AskAsync<AnalyticsProtocol.ErrorList, ErrorRegistry>(new AnalyticsProtocol.ListErrors(category, severity,
            Query.Text(query, "tool"), Query.Time(query, "since"), status, sort, offset, limit), "the error registry", cancellation);
        return TypedResults.Json(ListPage<ErrorGroupView>.Of(list.Items.Select(Describe).ToArray(), list.Total, offset, limit, list.CaughtUp), WireJson.Options);
    }

    private static async Task<IResult> ResolveAsync(string id, HttpRequest request, IRequiredActor<ErrorRegistry> registry,
        IRequiredActor<RecoveryEntity> recovery, CancellationToken cancellation)
    {
        var note = (await RequestBody.ReadOptionalAsync<ErrorResolveRequest>(request, cancellation)).Note ?? "resolved by operator";
        var detail = await DetailAsync(id, registry, cancellation);
        var state = await recovery.AskAsync<RecoveryState, RecoveryEntity>(new RecoveryProtocol.Resolve(detail.Group.Fingerprint, note),
            "the error's recovery entity", cancellation);
        return TypedResults.Json(new ErrorResolvedView(state.Fingerprint, state.Resolved ? "resolved" : "open", state.Level, note), WireJson.Options);
    }

    private static async Task<AnalyticsProtocol.ErrorDetail> DetailAsync(string id, IRequiredActor<ErrorRegistry> registry, CancellationToken cancellation) =>
        await registry.AskAsync<object, ErrorRegistry>(new AnalyticsProtocol.GetError(id), "the error registry", cancellation) as AnalyticsProtocol.ErrorDetail
        ?? throw new FtrProblemException(FtrProblem.NotFound("error-not-found",
            $"no error report or fingerprint '{id}' in the registry (reports older than Analytics:Retention leave it)",
            "list errors with GET /api/errors  (ftr errors list)"), StatusCodes.Status404NotFound);

    private static ErrorGroupView Describe(ErrorGroup g)
    {
        return new(g.Fingerprint, g.Fingerprint, g.Category, g.Severity, g.Tool, g.Rule, g.Type,
            g.LastMessage, g.Count, g.FirstSeen, g.LastSeen, g.Status, g.ResolvedAt, g.Level, g.DeadLettered, g.Alerts, g.Incidents, g.RecentReports);
    }

    private static ErrorReportView Describe(FailureRecorded f)
    {
        return new(f.ReportId, f.Fingerprint, f.Category, f.Severity, f.Tool, f.TaskId, f.Attempt,
            f.Node, f.Type, f.Message, f.Details, f.Rule, f.AttemptLevel, f.Retryable, f.At);
    }
}
