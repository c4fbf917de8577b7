using System.Text.Json.Nodes;
using Akka.Actor;
using Akka.Hosting;
using FaultTolerantRunner.Problems;
using FaultTolerantRunner.Tools;

namespace FaultTolerantRunner.Tasks;

/// <summary>
/// The way into the runner for HTTP endpoints, the command host and embedders: validates, then talks to the
/// task shard region and the task index. Validation failures throw <see cref="FtrProblemException"/>.
/// </summary>
public sealed class TaskClient(IRequiredActor<TaskRegion> region, IRequiredActor<TaskIndex> index, ToolRegistry tools, TaskOptions options,
    Supervision.ToolIsolation isolation, SelfHealing.IntakeGate? gate = null)
{
    public const int MaxIdempotencyKeyLength = 200;
    public const int MaxListLimit = 500;
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(15);

    public ToolRegistry Tools => tools;

    /// <summary>Validates and submits a task; returns once its acceptance is journaled.</summary>
    public async Task<TaskProtocol.TaskSubmitted> SubmitAsync(string? tool, JsonObject? parameters, string? idempotencyKey,
        int? timeoutSeconds, CancellationToken cancellation = default, int? maxRetries = null, int? deadlineSeconds = null,
        SelfHealing.TaskPriority priority = SelfHealing.TaskPriority.Normal)
    {
        var validated = tools.Validate(tool, parameters);
        if (isolation.Get(tool!) is { } isolated)
            throw new FtrProblemException(new FtrProblem("critical", "tool-isolated", "critical",
                $"tool '{tool}' is isolated on this node since {isolated.Since:O} after a critical failure ({isolated.Reason}); new tasks for it are refused",
                $"task {isolated.TaskId} failed critically", [$"investigate, then re-enable it: POST /api/tools/{tool}/enable  (ftr tools enable {tool})"],
                TaskId: isolated.TaskId, Timestamp: DateTimeOffset.UtcNow), 503);
        if (deadlineSeconds is < 1)
            throw new FtrProblemException(FtrProblem.Validation("invalid-deadline", $"deadlineSeconds must be at least 1 (got {deadlineSeconds})", null,
                "omit it to wait up to Tasks:MaxServiceWait for an unavailable service"));
        if (maxRetries is < 0 or > 1000)
            throw new FtrProblemException(FtrProblem.Validation("invalid-max-retries", $"maxRetries must be between 0 and 1000 (got {maxRetries})", null,
                "omit it to use the retry policy of each error category"));
        if (idempotencyKey is not null && (idempotencyKey.Length is 0 or > MaxIdempotencyKeyLength || idempotencyKey.Any(char.IsControl)))
            throw new FtrProblemException(FtrProblem.Validation("invalid-idempotency-key",
                $"idempotencyKey must be 1 to {MaxIdempotencyKeyLength} printable characters (got {idempotencyKey.Length})", null,
                "use a stable id from your side, e.g. order-4711-thumbnail"));
        var maxSeconds = (int)Math.Min(int.MaxValue, options.MaxTimeout.TotalSeconds);
        if (timeoutSeconds is { } seconds && (seconds < 1 || seconds > maxSeconds))
            throw new FtrProblemException(FtrProblem.Validation("invalid-timeout",
                $"timeoutSeconds must be between 1 and {maxSeconds} (got {seconds})", null,
                "omit it to use the tool's default timeout, or pass e.g. \"timeoutSeconds\": 60"));

        var id = idempotencyKey is null ? TaskIds.New() : TaskIds.FromIdempotencyKey(idempotencyKey);
        if (gate?.Refusal(priority) is { } refusal)
        {
            // A resubmission of an accepted task is still answered: shedding never hides or loses accepted work.
            if (idempotencyKey is not null && await GetAsync(id, cancellation).ConfigureAwait(false) is { } existing)
                return new TaskProtocol.TaskSubmitted(existing, Created: false);
            Telemetry.RunnerMetrics.SubmissionShed(gate.JournalHealthy ? "load" : "journal");
            throw new FtrProblemException(new FtrProblem("resource", gate.JournalHealthy ? "load-shed" : "intake-paused", "medium",
                $"this node is not taking {priority.ToString().ToLowerInvariant()}-priority tasks right now: {refusal}", null,
                [$"retry after {gate.RetryAfter.TotalSeconds:0} s (Retry-After header)", "or submit to another node of the cluster",
                 "urgent work can be submitted with \"priority\": \"high\""],
                Timestamp: DateTimeOffset.UtcNow), 503) { RetryAfter = gate.RetryAfter };
        }
        var spec = new TaskSpec(tool!, validated.ToString(), idempotencyKey, timeoutSeconds, maxRetries, deadlineSeconds);
        var region = await RegionAsync(cancellation).ConfigureAwait(false);
        try
        {
            return await region.Ask<TaskProtocol.TaskSubmitted>(new TaskProtocol.SubmitTask(id, spec), AskTimeout, cancellation)
                .ConfigureAwait(false);
        }
        catch (AskTimeoutException)
        {
            throw Unavailable("journal-timeout",
                "the task's acceptance was not confirmed in time; it may or may not have been accepted",
                idempotencyKey is null
                    ? "resubmit with an idempotencyKey so that a retry can never create a second task"
                    : "resubmit with the same idempotencyKey: you get the task if it was accepted, a new one if not");
        }
    }

    /// <summary>The task's full state, or null when no task has that id.</summary>
    public async Task<TaskState?> GetAsync(string id, CancellationToken cancellation = default)
    {
        if (!TaskIds.IsValid(id)) return null;
        var region = await RegionAsync(cancellation).ConfigureAwait(false);
        var reply = await AskAsync<object>(region, new TaskProtocol.GetTask(id), cancellation).ConfigureAwait(false);
        return reply as TaskState;
    }

    /// <summary>Cancels an unfinished task; null when no task has that id.</summary>
    public async Task<TaskProtocol.CancelResult?> CancelAsync(string id, string reason, CancellationToken cancellation = default)
    {
        if (!TaskIds.IsValid(id)) return null;
        var region = await RegionAsync(cancellation).ConfigureAwait(false);
        var reply = await AskAsync<object>(region, new TaskProtocol.CancelTask(id, reason), cancellation).ConfigureAwait(false);
        return reply as TaskProtocol.CancelResult;
    }

    /// <summary>Requeues (fresh retry budget) or purges a dead-lettered task; null when no task has that id.</summary>
    public async Task<TaskProtocol.DlqResult?> DeadLetterActionAsync(string id, bool requeue, string reason, CancellationToken cancellation = default)
    {
        if (!TaskIds.IsValid(id)) return null;
        var region = await RegionAsync(cancellation).ConfigureAwait(false);
        object message = requeue ? new TaskProtocol.RequeueTask(id, reason) : new TaskProtocol.PurgeTask(id, reason);
        return await AskAsync<object>(region, message, cancellation).ConfigureAwait(false) as TaskProtocol.DlqResult;
    }

    public async Task<TaskIndexProtocol.TaskList> ListDeadLettersAsync(string? tool, string? category, DateTimeOffset? since, int offset, int limit,
        CancellationToken cancellation = default)
    {
        var actor = await index.GetAsync(cancellation).ConfigureAwait(false);
        return await AskAsync<TaskIndexProtocol.TaskList>(actor,
            new TaskIndexProtocol.ListDeadLetters(tool, category, since, Math.Max(0, offset), Math.Clamp(limit, 1, 10_000)), cancellation).ConfigureAwait(false);
    }

    public async Task<TaskIndexProtocol.TaskList> ListAsync(TaskStatus? state, string? tool, int offset, int limit,
        CancellationToken cancellation = default)
    {
        var actor = await index.GetAsync(cancellation).ConfigureAwait(false);
        return await AskAsync<TaskIndexProtocol.TaskList>(actor,
            new TaskIndexProtocol.ListTasks(state, tool, Math.Max(0, offset), Math.Clamp(limit, 1, MaxListLimit)), cancellation).ConfigureAwait(false);
    }

    public async Task<TaskIndexProtocol.IndexStatus> IndexStatusAsync(CancellationToken cancellation = default)
    {
        var actor = await index.GetAsync(cancellation).ConfigureAwait(false);
        return await AskAsync<TaskIndexProtocol.IndexStatus>(actor, TaskIndexProtocol.GetIndexStatus.Instance, cancellation).ConfigureAwait(false);
    }

    private Task<IActorRef> RegionAsync(CancellationToken cancellation) => region.GetAsync(cancellation);

    private static async Task<T> AskAsync<T>(IActorRef actor, object message, CancellationToken cancellation)
    {
        try
        {
            return await actor.Ask<T>(message, AskTimeout, cancellation).ConfigureAwait(false);
        }
        catch (AskTimeoutException)
        {
            throw Unavailable("cluster-timeout", "the cluster did not answer in time", "retry in a few seconds; check GET /health/ready");
        }
    }

    private static FtrProblemException Unavailable(string code, string message, string action) =>
        new(new FtrProblem("transient", code, "high", message, null, [action], Timestamp: DateTimeOffset.UtcNow), 503);
}
