using System.Text.Json.Nodes;
using FaultTolerantRunner.Commands;
using FaultTolerantRunner.Contracts;
using FaultTolerantRunner.Node.Commands;
using FaultTolerantRunner.Problems;
using FaultTolerantRunner.Schedules;
using FaultTolerantRunner.Tasks;
using static FaultTolerantRunner.Commands.CommandInput;

namespace FaultTolerantRunner.Node.Api;

/// <summary><c>/api/schedules</c>: recurring schedules (cron, time zone, tool) — add, list, show, pause, resume, trigger, remove; the <c>schedules</c> palette.</summary>
public static class SchedulesEndpoints
{
    /// <summary>Firings whose task's outcome <c>show</c> reads from the task (the newest).</summary>
    private const int OutcomesShown = 10;

    private static readonly CommandInput Name = Argument("name", "The schedule's name.");

    public static readonly CommandDefinition List = CommandDefinition.Get("list", "Every schedule with its next occurrence.", "/api/schedules") with
        { Columns = ["name", "cron", "timeZone", "tool", "status", "nextAt", "fired", "lastTaskId"] };

    public static readonly CommandDefinition Show = CommandDefinition.Get("show", "One schedule: the next 5 occurrences, the last firings with their tasks and outcomes.",
        "/api/schedules/{name}", Name);

    public static readonly CommandDefinition Add = CommandDefinition.Post("add", "Create a schedule (or replace one of that name): ftr schedules add <name> --cron '*/5 * * * *' --tool echo -p text=hi.",
        "/api/schedules",
        Argument("name", "1-100 characters of letters, digits, '.', '_' and '-'.", CommandInputLocation.Body),
        Switch("cron", CommandValueType.Text, CommandInputLocation.Body, "5 fields (min hour day month weekday), or 6 with seconds first.", required: true, alias: "-c"),
        Switch("tool", CommandValueType.Text, CommandInputLocation.Body, "The tool each occurrence runs.", required: true, alias: "-t"),
        Switch("param", CommandValueType.Map, CommandInputLocation.Body, "A tool parameter as key=value; repeatable.", alias: "-p", field: "parameters"),
        Switch("zone", CommandValueType.Text, CommandInputLocation.Body, "IANA time zone, e.g. Europe/Berlin (default UTC).", field: "timeZone"),
        Switch("overlap", CommandValueType.Text, CommandInputLocation.Body, "While the previous task runs: skip (default), allow or buffer-one."),
        Switch("catch-up", CommandValueType.Text, CommandInputLocation.Body, "Occurrences missed while down: none (default), latest or all.", field: "catchUp"));

    public static readonly CommandDefinition Pause = CommandDefinition.Post("pause", "Stop firing until resumed.", "/api/schedules/{name}/pause", Name);

    public static readonly CommandDefinition Resume = CommandDefinition.Post("resume", "Fire again from now on (what passed while paused is not caught up).",
        "/api/schedules/{name}/resume", Name);

    public static readonly CommandDefinition Trigger = CommandDefinition.Post("trigger", "Run now, off-schedule.", "/api/schedules/{name}/trigger", Name);

    public static readonly CommandDefinition Remove = CommandDefinition.Delete("remove", "Delete a schedule (its tasks stay).", "/api/schedules/{name}", Name);

    public static readonly CommandPalette Palette = new("schedules", "Recurring schedules: cron in a time zone, each occurrence fired once cluster-wide.",
        [List, Show, Add, Pause, Resume, Trigger, Remove]);

    public static IEndpointRouteBuilder MapScheduleEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapCommand(Add, AddAsync);
        app.MapCommand(List, async (HttpRequest request, ScheduleClient client, CancellationToken c) =>
        {
            var (offset, limit) = Query.Page(request.Query);
            var (schedules, complete) = await client.ListAsync(c);
            var rows = schedules.Select(Row).ToArray();
            return TypedResults.Json(ListPage<ScheduleRow>.Slice(rows, offset, limit, complete), WireJson.Options);
        });
        app.MapCommand(Show, (string name, ScheduleClient client, TaskClient tasks, CancellationToken c) =>
            Answer(client, new ScheduleProtocol.GetSchedule(name), tasks, c));
        app.MapCommand(Pause, (string name, ScheduleClient client, TaskClient tasks, CancellationToken c) =>
            Answer(client, new ScheduleProtocol.PauseSchedule(name), tasks, c));
        app.MapCommand(Resume, (string name, ScheduleClient client, TaskClient tasks, CancellationToken c) =>
            Answer(client, new ScheduleProtocol.ResumeSchedule(name), tasks, c));
        app.MapCommand(Trigger, (string name, ScheduleClient client, TaskClient tasks, CancellationToken c) =>
            Answer(client, new ScheduleProtocol.TriggerSchedule(name), tasks, c, StatusCodes.Status202Accepted));
        app.MapCommand(Remove, (string name, ScheduleClient client, TaskClient tasks, CancellationToken c) =>
            Answer(client, new ScheduleProtocol.DeleteSchedule(name), tasks, c));
        return app;
    }

    private static async Task<IResult> AddAsync(HttpRequest request, ScheduleClient client, TaskClient tasks, CancellationToken cancellation)
    {
        var body = await RequestBody.ReadAsync<ScheduleRequest>(request, cancellation);
        if (!ScheduleKeys.IsValidName(body.Name)) throw ScheduleClient.InvalidName(body.Name);
        ScheduleCron.Parse(body.Cron, body.TimeZone);
        // The same validation as a submission, now: a schedule that could never fire is refused when it is made.
        tasks.Tools.Validate(body.Tool, body.Parameters);
        var spec = new ScheduleSpec(body.Name!, body.Cron!.Trim(), string.IsNullOrWhiteSpace(body.TimeZone) ? "UTC" : body.TimeZone, body.Tool!,
            (body.Parameters ?? new JsonObject()).ToJsonString(), Overlap(body.Overlap), CatchUp(body.CatchUp));
        var existed = (await client.AskAsync(new ScheduleProtocol.GetSchedule(spec.Name), cancellation)).State.Exists;
        var reply = await client.AskAsync(new ScheduleProtocol.PutSchedule(spec.Name, spec), cancellation);
        var view = await ViewAsync(reply, tasks, cancellation);
        return existed
            ? TypedResults.Json(view, WireJson.Options)
            : TypedResults.Json(view, WireJson.Options, statusCode: StatusCodes.Status201Created);
    }

    private static async Task<IResult> Answer(ScheduleClient client, IScheduleMessage message, TaskClient tasks, CancellationToken cancellation,
        int status = StatusCodes.Status200OK)
    {
        var reply = await client.AskAsync(message, cancellation);
        if (reply.Problem == ScheduleProblems.NotFound) throw ScheduleClient.NotFound(message.Name);
        if (reply.Problem is { } refused)
            return ProblemResults.Result(FtrProblem.Transient("trigger-refused", Taxonomy.Severity.Medium, $"the run-now of schedule '{message.Name}' was refused: {refused}",
                "try again shortly, or read the task's node: ftr cluster show"), StatusCodes.Status503ServiceUnavailable);
        return TypedResults.Json(await ViewAsync(reply, tasks, cancellation), WireJson.Options, statusCode: status);
    }

    private static async Task<ScheduleView> ViewAsync(ScheduleProtocol.ScheduleReply reply, TaskClient tasks, CancellationToken cancellation)
    {
        var s = reply.State;
        var spec = s.Spec!;
        var firings = s.Recent.Reverse().Take(20).ToArray();
        var outcomes = await Task.WhenAll(firings.Take(OutcomesShown).Select(async f =>
            f.TaskId is null ? null : (await tasks.GetAsync(f.TaskId, cancellation))?.Status.ToString()));
        var next = s.Paused || s.Deleted ? [] : ScheduleCron.Of(spec).Upcoming(s.Cursor, 5);
        return new ScheduleView(s.Name, spec.Cron, spec.TimeZone, spec.Tool, JsonNode.Parse(spec.Parameters) as JsonObject, OverlapName(spec.Overlap),
            spec.CatchUp.ToString().ToLowerInvariant(), Status(s), s.CreatedAt, s.UpdatedAt, next, s.Fired, s.LastTaskId, s.Pending,
            firings.Select((f, i) => new ScheduleFiringView(f.Occurrence, f.Kind, f.TaskId, i < outcomes.Length ? outcomes[i] : null, f.Detail, f.At, f.Count)).ToArray(), reply.Node);
    }

    /// <summary>A schedule as the list shows it (the dashboard's schedules page too).</summary>
    internal static ScheduleRow Row(ScheduleState s) => new(s.Name, s.Spec!.Cron, s.Spec.TimeZone, s.Spec.Tool, Status(s),
        s.Paused ? null : ScheduleCron.Of(s.Spec).Next(s.Cursor), s.Fired, s.LastTaskId);

    private static string Status(ScheduleState s) => s.Deleted ? "deleted" : s.Paused ? "paused" : "active";

    private static string OverlapName(ScheduleOverlap overlap) => overlap == ScheduleOverlap.BufferOne ? "buffer-one" : overlap.ToString().ToLowerInvariant();

    private static ScheduleOverlap Overlap(string? text) => text?.ToLowerInvariant() switch
    {
        null or "skip" => ScheduleOverlap.Skip,
        "allow" => ScheduleOverlap.Allow,
        "buffer-one" => ScheduleOverlap.BufferOne,
        _ => throw new FtrProblemException(FtrProblem.Validation("invalid-overlap", $"overlap must be skip, allow or buffer-one (got '{text}')", null,
            "e.g. \"overlap\": \"skip\" (the default: an occurrence while the previous task runs is skipped)")),
    };

    private static ScheduleCatchUp CatchUp(string? text) => text?.ToLowerInvariant() switch
    {
        null or "none" => ScheduleCatchUp.None,
        "latest" => ScheduleCatchUp.Latest,
        "all" => ScheduleCatchUp.All,
        _ => throw new FtrProblemException(FtrProblem.Validation("invalid-catch-up", $"catchUp must be none, latest or all (got '{text}')", null,
            "e.g. \"catchUp\": \"latest\" (one run for what was missed while the cluster was down; all: every one, at most Schedules:MaxCatchUp)")),
    };
}
