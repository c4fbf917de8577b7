using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Sharding;

namespace FaultTolerantRunner.Tasks;

/// <summary>
/// How task entities tell each other about their ends, for continuations (<c>after</c>). A waiting task asks each
/// predecessor through the task region (<see cref="TaskProtocol.AwaitTask"/>); a predecessor that has ended answers at once,
/// one still running keeps the successor's id in memory (not journaled: a restarted predecessor forgets it, so the
/// successor asks again every Tasks:AwaitRecheck) and tells it when it ends. Answers go through the region too, so a
/// successor that moved (hand-off, rebalance) still hears.
/// </summary>
public sealed class TaskContinuations(TaskRuntime runtime, ActorSystem system)
{
    private const string RecheckTimer = "await-recheck";
    private readonly HashSet<string> _successors = new(StringComparer.Ordinal);

    /// <summary>The messages of continuations the entity hands to <see cref="Receive"/> in every state but Empty.</summary>
    public interface IMessage;

    /// <summary>The entity's timer to ask the predecessors not yet arrived again.</summary>
    public sealed class Recheck : IMessage
    {
        public static readonly Recheck Instance = new();
    }

    /// <summary>Sends the asks (with the entity as sender, so an Empty predecessor's answer comes straight back) and arms the recheck.</summary>
    public void AwaitPredecessors(TaskEffect.AwaitPredecessors effect, string taskId, IActorRef entity, ITimerScheduler timers)
    {
        if (Region() is not { } region) return;
        foreach (var predecessor in effect.Predecessors) region.Tell(new TaskProtocol.AwaitTask(predecessor, taskId), entity);
        timers.StartSingleTimer(RecheckTimer, Recheck.Instance, runtime.Options.AwaitRecheck);
    }

    /// <summary>What a continuation message means for the entity's task: a command to decide, or null when it is handled here.</summary>
    public TaskCommand? Receive(IMessage message, TaskState state)
    {
        switch (message)
        {
            case TaskProtocol.AwaitTask ask: Await(ask, state); return null;
            case TaskProtocol.PredecessorEnded ended: return new TaskCommand.PredecessorArrived(ended.Predecessor, ended.Status);
            default: return TaskCommand.RecheckPredecessors.Instance;
        }
    }

    /// <summary>A successor asks: answered now if this task has ended, else when it does.</summary>
    private void Await(TaskProtocol.AwaitTask ask, TaskState state)
    {
        if (state.IsTerminal) Region()?.Tell(new TaskProtocol.PredecessorEnded(ask.Successor, state.Id, state.Status), ActorRefs.NoSender);
        else _successors.Add(ask.Successor);
    }

    /// <summary>This task ended: every successor waiting for it hears, and its own recheck (if it was awaiting) stops.</summary>
    public void Ended(TaskState state, ITimerScheduler timers)
    {
        timers.Cancel(RecheckTimer);
        if (_successors.Count == 0 || Region() is not { } region) return;
        foreach (var successor in _successors) region.Tell(new TaskProtocol.PredecessorEnded(successor, state.Id, state.Status), ActorRefs.NoSender);
        _successors.Clear();
    }

    /// <summary>What an Empty entity answers an id that names no task: a successor's ask hears "does not exist".</summary>
    public static object NotFound(ITaskMessage message) => message is TaskProtocol.AwaitTask ask
        ? new TaskProtocol.PredecessorEnded(ask.Successor, ask.TaskId, null)
        : new TaskProtocol.TaskNotFound(message.TaskId);

    /// <summary>The predecessors of <paramref name="after"/> not in <paramref name="reached"/>, in submitted order.</summary>
    public static IReadOnlyList<string> Pending(IReadOnlyList<string> after, IReadOnlyCollection<string>? reached)
    {
        if (reached is not { Count: > 0 }) return after;
        var arrived = reached.ToHashSet(StringComparer.Ordinal);
        return after.Where(id => !arrived.Contains(id)).ToArray();
    }

    public static string ConditionName(TaskSpec spec) => (spec.AfterCondition ?? AfterCondition.Succeeded).ToString().ToLowerInvariant();

    private IActorRef? _region;

    /// <summary>The task region (null outside a cluster, e.g. an entity hosted alone in a spec: it has no peers to tell).</summary>
    private IActorRef? Region()
    {
        if (_region is not null) return _region;
        if (((ExtendedActorSystem)system).Provider is not ClusterActorRefProvider) return null;
        var sharding = ClusterSharding.Get(system);
        return _region = sharding.ShardTypeNames.Contains(TaskIds.ShardTypeName) ? sharding.ShardRegion(TaskIds.ShardTypeName) : null;
    }
}
