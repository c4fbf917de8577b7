using static FaultTolerantRunner.Tasks.TaskEffect;

namespace FaultTolerantRunner.Tasks;

/// <summary>
/// Compensations: registered by the open attempt and journaled before it hears so; run when a decision ends the task
/// (the ones <see cref="TaskCompensations.Due"/> names, newest first); each outcome journaled once. A restart runs again
/// only those without an outcome: exactly once when nothing crashes, at least once when something does.
/// </summary>
public sealed partial class TaskDecider
{
    private static TaskDecision RegisterCompensation(TaskState state, CompensationProtocol.Register request, DateTimeOffset now)
    {
        if (state.IsTerminal || !state.IsOpen(request.Attempt))
            return TaskDecision.Answer(new CompensationProtocol.Refused(
                $"attempt {request.Attempt} of task {state.Id} is no longer running (task {state.Status}); compensation '{request.Name}' was not registered"));
        var number = (state.Compensations?.Count ?? 0) + 1;
        var registered = new CompensationRegistered(number, request.Attempt, request.Tool, request.Name, request.Data, request.Scope, now);
        return new([registered], new CompensationProtocol.Registered(number), []);
    }

    private static TaskDecision RecordCompensation(TaskState state, CompensationProtocol.Ran ran, DateTimeOffset now)
    {
        // Only a due compensation's first outcome is journaled: a report from a runner of an earlier incarnation changes nothing.
        if (state.DueCompensations.FirstOrDefault(c => c.Number == ran.Number) is not { } due) return TaskDecision.Nothing;
        var recorded = new CompensationRan(due.Name, ran.Succeeded, ran.Error, now, due.Number, ran.Tries);
        return ran.Succeeded
            ? new([recorded], null, [])
            : new([recorded], null, [new Log($"compensation {due.Name} #{due.Number} FAILED after {ran.Tries} run(s): {ran.Error}; manual clean-up needed", Warning: true)]);
    }

    private static TaskDecision ResumeCompensations(TaskState state) =>
        state.DueCompensations is { Count: > 0 } due ? TaskDecision.Of(new Log($"{due.Count} compensation(s) without an outcome run again"), new RunCompensations(due)) : TaskDecision.Nothing;

    /// <summary>A decision whose events end the task also runs the compensations due then.</summary>
    private static TaskDecision Compensating(TaskState before, TaskDecision decision)
    {
        if (before.IsTerminal || before.Compensations is not { Count: > 0 } || !decision.Events.Any(Ends)) return decision;
        var after = decision.Events.Aggregate(before, (s, e) => s.Apply(e));
        return after.DueCompensations is { Count: > 0 } due ? decision with { Effects = [.. decision.Effects, new RunCompensations(due)] } : decision;
    }

    private static bool Ends(ITaskEvent e) => e is TaskFailed or TaskCancelled or TaskDeadLettered or AttemptSucceeded;
}
