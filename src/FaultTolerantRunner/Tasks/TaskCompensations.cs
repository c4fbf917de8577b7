using System.Collections.Immutable;
using FaultTolerantRunner.Tools;

namespace FaultTolerantRunner.Tasks;

/// <summary>
/// Which of a task's registered compensations run, derived from its journal alone (so a restart derives the same):
/// none while the task is unfinished; when it ends without success (dead-lettered, failed, cancelled) every one without
/// an outcome; when it succeeds, only the <see cref="CompensationScope.Attempt"/> ones of attempts that did not succeed.
/// Newest first, as the undo of a sequence of steps goes.
/// </summary>
public static class TaskCompensations
{
    public static IReadOnlyList<CompensationRecord> Due(TaskState state)
    {
        if (state.Compensations is not { Count: > 0 } all || !state.IsTerminal) return [];
        var succeeded = state.Status is TaskStatus.Succeeded or TaskStatus.Degraded;
        return all.Where(c => !c.Ran && (!succeeded || (c.Scope == CompensationScope.Attempt && !AttemptSucceeded(state, c.Attempt))))
            .OrderByDescending(c => c.Number).ToArray();
    }

    /// <summary>What the task view shows: the outcome once it ran, "pending" while due, "dropped" when the task's end made it moot, else "registered".</summary>
    public static string StatusOf(TaskState state, CompensationRecord compensation) =>
        compensation.Outcome ?? (!state.IsTerminal ? "registered" : Due(state).Any(c => c.Number == compensation.Number) ? "pending" : "dropped");

    public static string ScopeName(CompensationScope scope) => scope.ToString().ToLowerInvariant();

    internal static CompensationRecord Registered(CompensationRegistered r) => new(r.Number, r.Attempt, r.Tool, r.Name, r.Data, r.Scope, r.At);

    /// <summary>Records the outcome on its registration; the first outcome stands (a run reported twice after a restart changes nothing).</summary>
    internal static ImmutableList<CompensationRecord>? Ran(ImmutableList<CompensationRecord>? all, CompensationRan ran)
    {
        if (all is null || ran.Number == 0) return all;
        var index = all.FindIndex(c => c.Number == ran.Number);
        if (index < 0 || all[index].Ran) return all;
        return all.SetItem(index, all[index] with { RanAt = ran.At, Outcome = ran.Succeeded ? "succeeded" : "failed", Error = ran.Error, Tries = ran.Tries });
    }

    private static bool AttemptSucceeded(TaskState state, int attempt) => state.Attempts.Any(a => a.Number == attempt && a.Outcome == "succeeded");
}
