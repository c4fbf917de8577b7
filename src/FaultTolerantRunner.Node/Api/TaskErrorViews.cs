using FaultTolerantRunner.Contracts;
using FaultTolerantRunner.Problems;
using FaultTolerantRunner.Tasks;
using FaultTolerantRunner.Taxonomy;

namespace FaultTolerantRunner.Node.Api;

/// <summary>A task's errors in the standard error format, derived from its journaled state (the journal keeps no more than the classification).</summary>
internal static class TaskErrorViews
{
    /// <summary>The code of an error journaled without a rule (none is today; older rows may be).</summary>
    public const string UnclassifiedSuffix = ".unclassified";

    /// <summary>The events that set a task's last error; the latest one dates it.</summary>
    private static readonly string[] ErrorEvents = ["attempt-failed", "failed", "dead-lettered"];

    public static TaskErrorView? LastError(TaskState task)
    {
        if (task.LastError is not { } error) return null;
        // Usually the last failed attempt's error; a final error of the task's own (repeated interruptions) has no attempt.
        var source = task.Attempts.LastOrDefault(a => a.Error is not null);
        var facts = source?.Error == error ? TaskRecovery.Of(task, source!) : TaskRecovery.Of(task);
        var at = task.History.LastOrDefault(t => ErrorEvents.Contains(t.Event))?.At ?? task.UpdatedAt;
        return View(task, error, facts, at);
    }

    public static TaskErrorView? Attempt(TaskState task, AttemptRecord attempt) =>
        attempt.Error is { } error ? View(task, error, TaskRecovery.Of(task, attempt), attempt.EndedAt) : null;

    /// <summary>The rule that classified the error; its id is stable and names the case (e.g. <c>resource.disk-full</c>).</summary>
    public static string Code(TaskError error) => error.Rule ?? Names.Of(error.Category) + UnclassifiedSuffix;

    /// <summary>The rule's advice first (it is specific), then the category's guidance with this task's id and tool filled in.</summary>
    public static IReadOnlyList<string> Actions(TaskState task, TaskError error)
    {
        var tool = task.Spec?.Tool ?? "{tool}";
        var guidance = CategoryGuidance.For(error.Category).Actions
            .Select(a => a.Replace("{id}", task.Id, StringComparison.Ordinal).Replace("{tool}", tool, StringComparison.Ordinal));
        return new[] { error.Advice }.OfType<string>().Concat(guidance).Distinct(StringComparer.Ordinal).ToArray();
    }

    private static TaskErrorView View(TaskState task, TaskError e, RecoveryFacts facts, DateTimeOffset? at) => new(
        e.Type, e.Message, e.Category, e.Severity, e.Rule, e.Details, e.Directive is { } d ? Names.Of(d) : null, e.Fingerprint, e.Advice,
        Code(e), Actions(task, e), facts.Attempted, facts.Level, task.Id, at);
}
