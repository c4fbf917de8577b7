using System.Text.Json.Nodes;
using Akka.Actor;
using Akka.Hosting;
using FaultTolerantRunner.Problems;
using FaultTolerantRunner.Taxonomy;
using FaultTolerantRunner.Tools;
using FaultTolerantRunner.DeadLetters;

namespace FaultTolerantRunner.Tasks;

/// <summary>
/// The way into the runner for HTTP endpoints, the command host and embedders: validates, then talks to the
/// task shard region and the task index. Validation failures throw <see cref="FtrProblemException"/>.
/// </summary>
public sealed class TaskClient(IRequiredActor<TaskRegion> region, IRequiredActor<TaskIndex> index, ToolRegistry tools, TaskOptions options,
    Supervision.ToolIsolation isolation, SelfHealing.IntakeGate? gate = null, TimeProvider? clock = null,
    Supervision.RetryPolicies? retryPolicies = null)
{
    public const int MaxIdempotencyKeyLength = 200;
    public const int MaxListLimit = 500;

    public ToolRegistry Tools => tools;

    /// <summary>Validates and submits a task; returns once its acceptance is journaled.</summary>
    public async Task<TaskProtocol.TaskSubmitted> SubmitAsync(string? tool, JsonObject? parameters, string? idempotencyKey,
        int? timeoutSeconds, CancellationToken cancellation = default, int? maxRetries = null, int? deadlineSeconds = null,
        SelfHealing.TaskPriority priority = SelfHealing.TaskPriority.Normal, TaskDelay? delay = null, TaskRetryPolicy? retry = null, TaskAfter? after = null)
    {
        var validated = tools.Validate(tool, parameters);
        retry?.Check(retryPolicies?.Bounds ?? new Supervision.RetryBounds());
        var runAt = (delay ?? TaskDelay.None).DueTime((clock ?? TimeProvider.System).GetUtcNow(), options.MaxDelay);
        if (isolation.Get(tool!) is { } isolated)
            throw new FtrProblemException(new FtrProblem(ErrorCategory.Critical, "tool-isolated", Severity.Critical,
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
        var (predecessors, condition) = (after ?? TaskAfter.None).Check(id);
        if (gate?.Refusal(priority) is { } refusal)
        {
            // A resubmission of an accepted task is still answered: shedding never hides or loses accepted work.
            if (idempotencyKey is not null && await GetAsync(id, cancellation).ConfigureAwait(false) is { } existing)
                return new TaskProtocol.TaskSubmitted(existing, Created: false);
            Telemetry.RunnerMetrics.SubmissionShed(gate.JournalHealthy ? "load" : "journal");
            throw new FtrProblemException(new FtrProblem(ErrorCategory.Resource, gate.JournalHealthy ? "load-shed" : "intake-paused", Severity.Medium,
                $"this node is not taking {priority.ToString().ToLowerInvariant()}-priority tasks right now: {refusal}", null,
                [$"retry after {gate.RetryAfter.TotalSeconds:0} s (Retry-After header)", "or submit to another node of the cluster",
                 "urgent work can be submitted with \"priority\": \"high\""],
                Timestamp: DateTimeOffset.UtcNow), 503) { RetryAfter = gate.RetryAfter };
        }
        var spec = new TaskSpec(tool!, validated.ToString(), idempotencyKey, timeoutSeconds, maxRetries, deadlineSeconds,
            priority == SelfHealing.TaskPriority.Normal ? null : priority, runAt, retry, predecessors, condition);
        var region = await RegionAsync(cancellation).ConfigureAwait(false);
        return await region.AskAsync<TaskProtocol.TaskSubmitted>(new TaskProtocol.SubmitTask(id, spec), "the task's entity", cancellation,
            () => FtrProblem.Transient("journal-timeout", Severity.High, "the task's acceptance was not confirmed in time; it may or may not have been accepted",
                idempotencyKey is null
                    ? "resubmit with an idempotencyKey so that a retry can never create a second task"
                    : "resubmit with the same idempotencyKey: you get the task if it was accepted, a new one if not")).ConfigureAwait(false);
    }

    /// <summary>The task's full state, or null when no task has that id.</summary>
    public async Task<TaskState?> GetAsync(string id, CancellationToken cancellation = default)
    {
        if (!TaskIds.IsValid(id)) return null;
        var region = await RegionAsync(cancellation).ConfigureAwait(false);
        var reply = await region.AskAsync<object>(new TaskProtocol.GetTask(id), "the task's entity", cancellation).ConfigureAwait(false);
        return reply as TaskState;
    }

    /// <summary>Cancels an unfinished task; null when no task has that id.</summary>
    public async Task<TaskProtocol.CancelResult?> CancelAsync(string id, string reason, CancellationToken cancellation = default)
    {
        if (!TaskIds.IsValid(id)) return null;
        var region = await RegionAsync(cancellation).ConfigureAwait(false);
        var reply = await region.AskAsync<object>(new TaskProtocol.CancelTask(id, reason), "the task's entity", cancellation).ConfigureAwait(false);
        return reply as TaskProtocol.CancelResult;
    }

    /// <summary>Requeues (fresh retry budget) or purges a dead-lettered task; null when no task has that id.</summary>
    public async Task<DlqProtocol.DlqResult?> DeadLetterActionAsync(string id, bool requeue, string reason, CancellationToken cancellation = default)
    {
        if (!TaskIds.IsValid(id)) return null;
        var region = await RegionAsync(cancellation).ConfigureAwait(false);
        object message = requeue ? new DlqProtocol.RequeueTask(id, reason) : new DlqProtocol.PurgeTask(id, reason);
        return await region.AskAsync<object>(message, "the task's entity", cancellation).ConfigureAwait(false) as DlqProtocol.DlqResult;
    }

    public Task<TaskIndexProtocol.TaskList> ListDeadLettersAsync(string? tool, Taxonomy.ErrorCategory? category, DateTimeOffset? since, int offset, int limit,
        CancellationToken cancellation = default) =>
        index.AskAsync<TaskIndexProtocol.TaskList, TaskIndex>(
            new TaskIndexProtocol.ListDeadLetters(tool, category, since, Math.Max(0, offset), Math.Clamp(limit, 1, 10_000)), "the task index", cancellation);

    /// <summary>A page of the tasks that match <paramref name="filter"/>, newest first, from the task index.</summary>
    public Task<TaskIndexProtocol.TaskList> ListAsync(TaskFilter filter, int offset, int limit, CancellationToken cancellation = default) =>
        index.AskAsync<TaskIndexProtocol.TaskList, TaskIndex>(
            new TaskIndexProtocol.ListTasks(filter ?? TaskFilter.All, Math.Max(0, offset), Math.Clamp(limit, 1, MaxListLimit)), "the task index", cancellation);

    /// <summary>Counts per state and the throughput of the last <paramref name="window"/> (clamped by the index, never refused).</summary>
    public Task<TaskIndexProtocol.Overview> OverviewAsync(TimeSpan window, TimeSpan bucket, CancellationToken cancellation = default) =>
        index.AskAsync<TaskIndexProtocol.Overview, TaskIndex>(new TaskIndexProtocol.GetOverview(window, bucket), "the task index", cancellation);

    public Task<TaskIndexProtocol.IndexStatus> IndexStatusAsync(CancellationToken cancellation = default) =>
        index.AskAsync<TaskIndexProtocol.IndexStatus, TaskIndex>(TaskIndexProtocol.GetIndexStatus.Instance, "the task index", cancellation);

    /// <summary>The answer to an id that names no task.</summary>
    public static FtrProblemException NotFound(string id) =>
        new(FtrProblem.NotFound("task-not-found", $"no task with id '{id}'",
            "check the id (32 hex characters, as returned by POST /api/tasks)",
            "list recent tasks with: ftr tasks list  (or GET /api/tasks)").ForTask(id), 404);

    private Task<IActorRef> RegionAsync(CancellationToken cancellation) => region.GetAsync(cancellation);
}
