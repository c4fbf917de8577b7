using FaultTolerantRunner.Recovery;
using FaultTolerantRunner.Supervision;
using FaultTolerantRunner.Taxonomy;
using static FaultTolerantRunner.Tasks.TaskEffect;

namespace FaultTolerantRunner.Tasks;

/// <summary>
/// Recovery level 4: the next attempt runs on another member (<see cref="RelocationTarget"/>). The attempt supervisor
/// where the attempt failed is stopped and a new one started on the target (<see cref="TaskAttempts.Start"/> reads the
/// journaled <see cref="RecoveryPlanned.RelocateTo"/>). With no other member to move to, recovery falls through to
/// level 5 for a task that has been through <c>Recovery:DeadLetterAfterRecoveries</c> recoveries, as level 5 itself
/// does; a younger task is held at level 4 as the recovery entity holds it, and retries where its attempts run, saying so.
/// </summary>
public sealed partial class TaskDecider
{
    /// <summary>A retry whose plan relocates: the runner that failed is stopped (its cleanup runs as it stops) and the attempts start on the target.</summary>
    private static TaskDecision Relocated(TaskDecision retry, RecoveryPlanned planned) =>
        planned.RelocateTo is null ? retry : retry with { Effects = [.. retry.Effects, StopAttempts.Instance, StartAttempts.Instance] };

    /// <summary>
    /// Attempts start again with none open. Relocated ones come home first: their host ended (its node left, or the entity
    /// restarted elsewhere) and starting them there again could fail the same way, over and over, with no attempt to count.
    /// </summary>
    private TaskDecision ResumeAttempts(TaskState state, DateTimeOffset now)
    {
        if (state.AttemptsOn is not { } node || node == rules.NodeName) return TaskDecision.Of(StartAttempts.Instance);
        return new([new AttemptsCameHome(node, "their node left or their host stopped", now)], null,
            [new Log($"the attempts relocated to {node} ended between attempts; they run here again", Warning: true), StartAttempts.Instance]);
    }

    /// <summary>Whether a level-4 plan that cannot relocate dead-letters: the same age rule as level 5's.</summary>
    private bool FallsThrough(TaskState state, RecoveryProtocol.RecoveryPlan plan) =>
        state.PlansSinceRequeue.Count(p => p.Fingerprint == plan.Fingerprint) >= rules.Recovery.DeadLetterAfterRecoveries;

    /// <summary>
    /// No other Up member runs tasks: level 4 cannot do what it promises, so the task is handled as at level 5 (full
    /// escalation): dead-lettered, and its dead-letter notified as critical (incident record, webhook, the tool's intake stopped).
    /// </summary>
    private TaskDecision CannotRelocate(TaskState state, AttemptProtocol.Failed failure, FailureVerdict verdict, RecoveryProtocol.RecoveryPlan plan,
        string failedOn, DateTimeOffset now)
    {
        var members = rules.TaskRole is { } role ? $"Up member with role '{role}'" : "Up member";
        var reason = $"recovery level 4 (relocation) for {plan.Fingerprint}: no other {members} than {failedOn} to move the attempt to; "
                     + "falling through to level 5 (full escalation): human intervention needed";
        var decision = DeadLetter(state, failure, verdict with { Retry = false, Directive = Directive.Stop }, reason, reportFinal: false, now, Severity.Critical);
        return decision with { Effects = [new Log(reason, Warning: true), .. decision.Effects] };
    }
}
