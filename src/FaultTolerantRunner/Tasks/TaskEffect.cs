using FaultTolerantRunner.Recovery;
using FaultTolerantRunner.Supervision;

namespace FaultTolerantRunner.Tasks;

/// <summary>What the entity does once a decision's events are journaled, in order. Effects are data, so decisions can be checked without actors.</summary>
public abstract record TaskEffect
{
    private TaskEffect()
    {
    }

    /// <summary>Start the attempt supervisor (and with it a runner asking to start) unless it runs.</summary>
    public sealed record StartAttempts : TaskEffect
    {
        public static readonly StartAttempts Instance = new();
    }

    public sealed record StopAttempts : TaskEffect
    {
        public static readonly StopAttempts Instance = new();
    }

    /// <summary>Hand the journaled attempt to the runner that asked to start (or keep it for the first runner that asks).</summary>
    public sealed record RunAttempt(AttemptProtocol.Go Go) : TaskEffect;

    /// <summary>Tell the reporting runner what its failure means; <paramref name="Error"/> counts it in the metrics.</summary>
    public sealed record SendVerdict(FailureVerdict Verdict, TaskError? Error) : TaskEffect;

    public sealed record AskForPlan(RecoveryProtocol.ReportFailure Report, AttemptProtocol.Failed Failure, FailureVerdict Verdict) : TaskEffect;

    /// <summary>A message for the fingerprint's recovery entity.</summary>
    public sealed record Notify(IRecoveryMessage Message) : TaskEffect;

    /// <summary>A critical failure: the node supervisor isolates the tool here.</summary>
    public sealed record Escalate(ToolGuardian.Escalated Escalation) : TaskEffect;

    /// <summary>Recreate the tool's handler (recovery level 3).</summary>
    public sealed record ResetHandler(string Tool) : TaskEffect;

    /// <summary>Ask the service's breaker for a permit; the answer comes back as <see cref="TaskCommand.BreakerAnswered"/>.</summary>
    public sealed record AskBreaker(string Service) : TaskEffect;

    /// <summary>Wait for the breaker to half-open, at most <paramref name="Until"/> the deadline.</summary>
    public sealed record WatchService(string Service, DateTimeOffset OpenSince, string Reason, TimeSpan Until) : TaskEffect;

    /// <summary>Look at the tool's isolation again after <paramref name="In"/>.</summary>
    public sealed record RecheckIsolation(TimeSpan In) : TaskEffect;

    /// <summary>The task reached a final state with this outcome (metrics label).</summary>
    public sealed record Completed(string Outcome) : TaskEffect;

    public sealed record Log(string Message, bool Warning = false) : TaskEffect;

    /// <summary>Ask each of these predecessors to tell the task when it ends, and ask again after Tasks:AwaitRecheck.</summary>
    public sealed record AwaitPredecessors(IReadOnlyList<string> Predecessors) : TaskEffect;

    /// <summary>Run these journaled compensations, newest first, each outcome reported back (<see cref="TaskCommand.RecordCompensation"/>).</summary>
    public sealed record RunCompensations(IReadOnlyList<CompensationRecord> Due) : TaskEffect;
}

/// <summary>What a command means: the events to journal, the reply to its sender, and the effects to carry out after the events are journaled.</summary>
public sealed record TaskDecision(IReadOnlyList<ITaskEvent> Events, object? Reply, IReadOnlyList<TaskEffect> Effects)
{
    public static readonly TaskDecision Nothing = new([], null, []);

    public static TaskDecision Of(params TaskEffect[] effects) => new([], null, effects);

    public static TaskDecision Answer(object reply) => new([], reply, []);
}
