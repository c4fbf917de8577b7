using Akka.Actor;
using Akka.Cluster;
using Akka.Event;

namespace FaultTolerantRunner.Tasks;

/// <summary>
/// Keeps unfinished tasks running. Task entities are not remembered by sharding (two journal writes per task saved), so
/// this actor asks the <see cref="TaskIndex"/> for every unfinished task and wakes each through the task region: on every
/// node once the index has caught up on start (a whole-cluster restart has no oldest survivor to do it), when a member
/// leaves or is downed (its shards start on the survivors only when a message arrives), and every <c>interval</c> as a net
/// for entities stopped any other way (a rebalance, a failed journal write). Waking a running task is a no-op, but after a
/// removal an Awaiting one asks its pending predecessors again (one restarted on a survivor forgot it). Only the
/// oldest Up member sweeps on removals and ticks, so a cluster sends one wake-up per unfinished task per sweep, not one per node.
/// </summary>
public sealed class ResumeSweep : ReceiveActor, IWithTimers
{
    public const string Name = "task-resume-sweep";

    /// <summary>How long after a member's removal the second sweep runs.</summary>
    private static readonly TimeSpan AfterRemoval = TimeSpan.FromSeconds(5);

    /// <summary>The index answers from memory; this bounds a reply stuck behind a burst of journal events.</summary>
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(30);

    private readonly IActorRef _taskRegion;
    private readonly IActorRef _index;
    private readonly TimeSpan _interval;
    private readonly Cluster _cluster = Cluster.Get(Context.System);
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private bool _indexCaughtUp;

    public ResumeSweep(IActorRef taskRegion, IActorRef index, TimeSpan interval)
    {
        _taskRegion = taskRegion;
        _index = index;
        _interval = interval;

        Receive<TaskIndexProtocol.IndexCaughtUp>(caughtUp =>
        {
            _indexCaughtUp = true;
            Find($"the task index caught up at offset {caughtUp.Offset}");
        });
        Receive<SweepDue>(due => SweepIfOldest(due.Reason, due.MemberLost));
        Receive<ClusterEvent.MemberRemoved>(removed =>
        {
            // Sweep now and once more a little later: the coordinator may still place a shard on the removed node's
            // region for a moment, and a wake-up sent there is lost.
            SweepIfOldest($"member {removed.Member.Address} removed", memberLost: true);
            Timers.StartSingleTimer("sweep-after-removal", new SweepDue("after a member was removed", MemberLost: true), AfterRemoval);
        });
        Receive<ClusterEvent.IMemberEvent>(_ => { });
        Receive<ClusterEvent.CurrentClusterState>(_ => { });
        Receive<Found>(found => Wake(found.Reason, found.Tasks, found.MemberLost));
        Receive<IndexSilent>(failed => _log.Warning("resume sweep: the task index did not answer ({0}); the next sweep tries again", failed.Reason));
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(IActorRef taskRegion, IActorRef index, TimeSpan interval) =>
        Akka.Actor.Props.Create(() => new ResumeSweep(taskRegion, index, interval));

    protected override void PreStart()
    {
        _index.Tell(TaskIndexProtocol.SubscribeCaughtUp.Instance);
        _cluster.Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsSnapshot, typeof(ClusterEvent.IMemberEvent));
        Timers.StartPeriodicTimer("sweep", new SweepDue(null), _interval);
    }

    protected override void PostStop() => _cluster.Unsubscribe(Self);

    /// <summary>Ticks and removals before the index has caught up ask nothing: its list would be incomplete.</summary>
    private void SweepIfOldest(string? reason, bool memberLost = false)
    {
        if (_indexCaughtUp && IsOldestUpMember()) Find(reason, memberLost);
    }

    private void Find(string? reason, bool memberLost = false) =>
        _index.Ask<TaskIndexProtocol.UnfinishedTasks>(TaskIndexProtocol.ListUnfinished.Instance, AskTimeout)
            .PipeTo(Self, success: tasks => new Found(reason, tasks, memberLost), failure: e => new IndexSilent(e.GetBaseException().Message));

    private bool IsOldestUpMember() => Hosting.ClusterSeniority.IsOldestUpMember(_cluster);

    /// <summary>Wakes what the index listed, if its list is complete. The periodic sweep (no reason) stays out of the log.</summary>
    private void Wake(string? reason, TaskIndexProtocol.UnfinishedTasks tasks, bool memberLost)
    {
        // Incomplete: the index restarted and is catching up again; the next tick sweeps what it then knows.
        if (!tasks.Complete) return;
        foreach (var id in tasks.TaskIds) _taskRegion.Tell(new TaskProtocol.WakeTask(id, memberLost));
        if (tasks.TaskIds.Count > 0 && reason is not null) _log.Info("resume sweep: woke {0} unfinished task(s) ({1})", tasks.TaskIds.Count, reason);
    }

    private sealed record SweepDue(string? Reason, bool MemberLost = false);

    private sealed record Found(string? Reason, TaskIndexProtocol.UnfinishedTasks Tasks, bool MemberLost);

    private sealed record IndexSilent(string Reason);
}
