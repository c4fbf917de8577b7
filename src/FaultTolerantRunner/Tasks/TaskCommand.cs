using FaultTolerantRunner.Recovery;
using FaultTolerantRunner.Supervision;

namespace FaultTolerantRunner.Tasks;

/// <summary>
/// What the task entity asks its <see cref="TaskDecider"/>: a client's request or an attempt's report, with the facts
/// from outside the task's journal that the entity gathered (the tool's isolation here, the breaker's answer, the cluster).
/// </summary>
public abstract record TaskCommand
{
    private TaskCommand()
    {
    }

    /// <param name="Isolation">The tool's isolation on this node, if any: a new task then waits at the gate.</param>
    /// <param name="Slot">The node's attempt slot for the first attempt (null: unbounded).</param>
    public sealed record Submit(string TaskId, TaskSpec Spec, IsolatedTool? Isolation, SlotAnswer? Slot = null) : TaskCommand;

    public sealed record Cancel(string Reason) : TaskCommand;

    /// <param name="AttemptsRunning">The last attempt still cleans up: the requeue is refused until it is done (as while compensations are due).</param>
    public sealed record Requeue(string Reason, bool AttemptsRunning) : TaskCommand;

    public sealed record Purge(string Reason) : TaskCommand;

    /// <summary>The next attempt's turn has come (its retry time passed): pass the gates, then start it.</summary>
    /// <param name="Slot">The node's attempt slot (null: unbounded); without one the task waits for it.</param>
    public sealed record Gate(IsolatedTool? Isolation, SlotAnswer? Slot = null) : TaskCommand;

    /// <summary>The guarded service's breaker answered the gate (null: it did not answer in time).</summary>
    public sealed record BreakerAnswered(string Service, object? Reply) : TaskCommand;

    public sealed record RecordSuccess(AttemptProtocol.Succeeded Report) : TaskCommand;

    public sealed record RecordFailure(AttemptProtocol.Failed Report) : TaskCommand;

    /// <summary>The fingerprint's recovery entity answered (null: not in time) for a failure whose verdict was a retry.</summary>
    /// <param name="UpMembers">The cluster's Up members, for level 4 (relocation) to choose from; empty otherwise.</param>
    public sealed record PlanArrived(AttemptProtocol.Failed Report, FailureVerdict Verdict, RecoveryProtocol.RecoveryPlan? Plan, IReadOnlyList<RelocationTarget.Member> UpMembers) : TaskCommand;

    /// <summary>An attempt's runner reports its handler's progress (stale ones change nothing).</summary>
    public sealed record RecordProgress(AttemptProtocol.Progress Report) : TaskCommand;

    /// <summary>The open attempt ended without a report: its node stopped, its runner crashed, or it stopped heart-beating.</summary>
    public sealed record Interrupt(int Attempt, string Reason) : TaskCommand;

    /// <summary>The open attempt registers a compensation; it is journaled before the attempt hears so.</summary>
    public sealed record RegisterCompensation(CompensationProtocol.Register Request) : TaskCommand;

    /// <summary>The compensation runner reports one compensation's outcome.</summary>
    public sealed record RecordCompensation(CompensationProtocol.Ran Ran) : TaskCommand;

    /// <summary>A finished task's entity started again (after a crash or passivation): compensations without an outcome run.</summary>
    public sealed record ResumeCompensations : TaskCommand
    {
        public static readonly ResumeCompensations Instance = new();
    }

    /// <summary>The attempts are to run again with none open: the entity restarted, or its attempt supervisor stopped between attempts.</summary>
    public sealed record ResumeAttempts : TaskCommand
    {
        public static readonly ResumeAttempts Instance = new();
    }

    /// <summary>A predecessor of an Awaiting task answered: it ended in <paramref name="Status"/> (null: no task has that id).</summary>
    public sealed record PredecessorArrived(string Predecessor, TaskStatus? Status) : TaskCommand;

    /// <summary>Tasks:AwaitRecheck passed: ask the predecessors not yet arrived again (one that restarted forgot its watchers).</summary>
    public sealed record RecheckPredecessors : TaskCommand
    {
        public static readonly RecheckPredecessors Instance = new();
    }

    /// <summary>The wait for a service outlasted the task's deadline.</summary>
    public sealed record ServiceDeadlinePassed(string Service, DateTimeOffset OpenSince, string Reason) : TaskCommand;
}
