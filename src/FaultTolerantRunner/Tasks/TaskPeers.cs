using Akka.Actor;
using Akka.Event;
using Akka.Cluster;
using Akka.Cluster.Sharding;
using FaultTolerantRunner.Breakers;
using FaultTolerantRunner.Recovery;
using FaultTolerantRunner.Supervision;
using FaultTolerantRunner.Telemetry;

namespace FaultTolerantRunner.Tasks;

/// <summary>
/// How a task entity talks to the actors around it: its service's breaker, its fingerprints' recovery entities, the node
/// supervisor and its shard region (by type name, from cluster sharding). Asks are piped back to the entity as <see cref="Gated"/> and <see cref="PlanArrived"/>.
/// </summary>
public sealed class TaskPeers(TaskRuntime runtime, ActorSystem system)
{
    /// <summary>The continuations' talk with predecessor and successor tasks.</summary>
    public TaskContinuations After { get; } = new(runtime, system);

    private static readonly TimeSpan BreakerAskTimeout = TimeSpan.FromSeconds(5);

    public void AskBreaker(string service, IActorRef entity) =>
        runtime.Breakers!.Ask<object>(new BreakerProtocol.Acquire(service), BreakerAskTimeout)
            .PipeTo(entity, success: answer => new Gated(service, answer), failure: _ => new Gated(service, null));

    /// <summary>The breaker tells the entity when the service may be available again (half-open).</summary>
    public void WatchService(string service, IActorRef entity) => runtime.Breakers!.Tell(new BreakerProtocol.Watch(service, entity));

    /// <summary>A permit that arrived after the gate was left is given back, so a half-open breaker does not wait for its report.</summary>
    public void ReturnUnusedPermit(Gated gated)
    {
        if (gated.Reply is BreakerProtocol.Permit { Probe: true } permit)
            runtime.Breakers?.Tell(new BreakerProtocol.Report(permit.Service, CallOutcome.Ignored, TimeSpan.Zero, Probe: true, permit.Epoch));
    }

    /// <param name="runner">The runner that reported the failure and waits for its verdict.</param>
    public void AskForPlan(TaskEffect.AskForPlan ask, IActorRef runner, IActorRef entity) =>
        runtime.Recovery!.Ask<RecoveryProtocol.RecoveryPlan>(ask.Report, runtime.RecoverySettings.PlanTimeout).PipeTo(entity,
            success: plan => new PlanArrived(ask.Failure, runner, ask.Verdict, plan), failure: _ => new PlanArrived(ask.Failure, runner, ask.Verdict, null));

    /// <param name="category">The category the task recovered from, for the recovery metrics.</param>
    public void Notify(IRecoveryMessage message, Taxonomy.ErrorCategory? category)
    {
        if (message is RecoveryProtocol.ReportRecovered recovered)
            RunnerMetrics.Recovered(category, TimeSpan.FromMilliseconds(recovered.RecoveryMs));
        runtime.Recovery?.Tell(message);
    }

    /// <summary>The task reached a final state: traced, logged, and every successor waiting for it is told.</summary>
    public void Completed(TaskState state, string outcome, DateTimeOffset now, ILoggingAdapter log, ITimerScheduler timers)
    {
        RunnerTracing.TaskCompleted(state, outcome, now);
        log.Info("task {0}: {1} after {2} attempt(s)", state.Id, state.Status, state.AttemptCount);
        After.Ended(state, timers);
    }

    public void Escalate(ToolGuardian.Escalated escalation, IActorRef entity) => runtime.ToolGuardian?.Tell(escalation, entity);

    /// <summary>
    /// Task entities are not remembered: an unfinished one handed off asks its region to wake it. The region holds the
    /// wake-up until the shard's next home is known. (If this node is shutting down, the survivors' sweep wakes it.)
    /// </summary>
    public static void WakeElsewhere(ActorSystem system, string taskId)
    {
        if (((ExtendedActorSystem)system).Provider is not ClusterActorRefProvider) return;
        var sharding = ClusterSharding.Get(system);
        if (sharding.ShardTypeNames.Contains(TaskIds.ShardTypeName))
            sharding.ShardRegion(TaskIds.ShardTypeName).Tell(new TaskProtocol.WakeTask(taskId), ActorRefs.NoSender);
    }

    /// <summary>Tells the reporting runner what its failure means, counting the classified error.</summary>
    public static void SendVerdict(TaskEffect.SendVerdict send, string tool, IActorRef? runner)
    {
        if (send.Error is { } error) RunnerMetrics.ErrorClassified(tool, error.Category, error.Severity, send.Verdict.Retry);
        runner?.Tell(send.Verdict);
    }

    public static void Log(ILoggingAdapter log, string taskId, TaskEffect.Log entry)
    {
        if (entry.Warning) log.Warning("task {0}: {1}", taskId, entry.Message);
        else log.Info("task {0}: {1}", taskId, entry.Message);
    }

    /// <summary>The breaker's answer to the gate (null: none in time).</summary>
    public sealed record Gated(string Service, object? Reply);

    /// <summary>The recovery entity's plan for a failure whose verdict was a retry (null: none in time).</summary>
    public sealed record PlanArrived(AttemptProtocol.Failed Failure, IActorRef Runner, FailureVerdict Verdict, RecoveryProtocol.RecoveryPlan? Plan);
}
