using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;

namespace FaultTolerantRunner.Telemetry;

/// <summary>
/// OpenTelemetry traces: one activity per attempt and one per task (from acceptance to its terminal state). All
/// activities of a task share a trace id derived from the task id, so a task's attempts on different nodes and
/// after restarts land in one trace without any context having to travel through the journal.
/// </summary>
public static class RunnerTracing
{
    public const string SourceName = "FaultTolerantRunner";

    public static readonly ActivitySource Source = new(SourceName, "1.0");

    /// <summary>The task's trace: a trace id and a parent span id, both derived from the task id.</summary>
    public static ActivityContext ContextOf(string taskId)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(taskId));
        return new ActivityContext(ActivityTraceId.CreateFromBytes(hash.AsSpan(0, 16)), ActivitySpanId.CreateFromBytes(hash.AsSpan(16, 8)),
            ActivityTraceFlags.Recorded, isRemote: true);
    }

    /// <summary>Starts an attempt's activity without making it ambient: actors share threads, so Activity.Current must not leak.</summary>
    public static Activity? StartAttempt(string taskId, string tool, int attempt, string node)
    {
        var previous = Activity.Current;
        var activity = Source.StartActivity("ftr.attempt", ActivityKind.Internal, ContextOf(taskId), [
            new("ftr.task.id", taskId),
            new("ftr.tool", tool),
            new("ftr.attempt", attempt),
            new("ftr.node", node),
        ]);
        Activity.Current = previous;
        return activity;
    }

    public static void EndAttempt(Activity? activity, string outcome, Taxonomy.ErrorCategory? category = null, string? fingerprint = null, string? message = null)
    {
        if (activity is null) return;
        activity.SetTag("ftr.outcome", outcome);
        if (category is { } c) activity.SetTag("ftr.error.category", Taxonomy.Names.Of(c));
        if (fingerprint is not null) activity.SetTag("ftr.error.fingerprint", fingerprint);
        if (outcome != "succeeded") activity.SetStatus(ActivityStatusCode.Error, message ?? outcome);
        activity.Stop();
    }

    /// <summary>A task reached a final state: counted by outcome, its duration from acceptance measured, and traced.</summary>
    public static void TaskCompleted(Tasks.TaskState task, string outcome, DateTimeOffset now)
    {
        var tool = task.Spec!.Tool;
        RunnerMetrics.TaskCompleted(tool, outcome);
        if (task.AcceptedAt is not { } accepted) return;
        RunnerMetrics.TaskDuration(tool, outcome, now - accepted);
        TaskEnded(task.Id, tool, accepted, outcome, task.AttemptCount, task.RecoveryLevel, task.LastError?.Category);
    }

    /// <summary>Records the whole task as one activity, from acceptance to now, once it has ended.</summary>
    public static void TaskEnded(string taskId, string tool, DateTimeOffset acceptedAt, string outcome, int attempts, int recoveryLevel, Taxonomy.ErrorCategory? category)
    {
        var previous = Activity.Current;
        using var activity = Source.StartActivity("ftr.task", ActivityKind.Internal, ContextOf(taskId), [
            new("ftr.task.id", taskId),
            new("ftr.tool", tool),
            new("ftr.outcome", outcome),
            new("ftr.attempts", attempts),
            new("ftr.recovery.level", recoveryLevel),
        ], startTime: acceptedAt);
        if (activity is not null)
        {
            if (category is { } c) activity.SetTag("ftr.error.category", Taxonomy.Names.Of(c));
            if (outcome is not ("succeeded" or "degraded" or "cancelled")) activity.SetStatus(ActivityStatusCode.Error, outcome);
        }
        Activity.Current = previous;
    }
}
