using Akka.Actor;
using Akka.Cluster;
using Akka.Event;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;

namespace FaultTolerantRunner.Tasks;

/// <summary>
/// A node-local read model of all tasks, fed by the journal's "task" tag (so it sees tasks of every node sharing
/// the journal), and the mechanism that keeps unfinished tasks running: task entities are not remembered by
/// sharding (two journal writes per task saved), so the index wakes every unfinished task it knows of — once it
/// has caught up on start, when a member leaves or is downed (its shards start on the survivors only when a
/// message arrives), and every <c>sweepInterval</c> as a net for entities stopped any other way (a rebalance, a
/// failed journal write). Waking a running task is a no-op. Only the oldest Up member sweeps, so a cluster sends
/// one wake-up per unfinished task per sweep, not one per node.
/// Memory is bounded: past <c>capacity</c>, the oldest finished tasks leave the index (never their journal).
/// </summary>
public sealed class TaskIndex : ReceiveActor, IWithTimers
{
    private readonly IActorRef _taskRegion;
    private readonly int _capacity;
    private readonly TimeSpan _sweepInterval;
    private readonly Cluster _cluster = Cluster.Get(Context.System);
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Dictionary<string, TaskSummary> _tasks = new(StringComparer.Ordinal);
    private long _offset;
    private bool _caughtUp;

    public TaskIndex(IActorRef taskRegion, int capacity, TimeSpan sweepInterval)
    {
        _taskRegion = taskRegion;
        _capacity = capacity;
        _sweepInterval = sweepInterval;

        Receive<EventEnvelope>(Index);
        Receive<CaughtUp>(_ => OnCaughtUp());
        Receive<StreamEnded>(ended =>
        {
            _log.Warning("task index stream ended ({0}); restarting from offset {1}", ended.Reason, _offset);
            Timers.StartSingleTimer("restart", Restart.Instance, TimeSpan.FromSeconds(1));
        });
        Receive<Restart>(_ => Follow(live: _caughtUp));
        Receive<ClusterEvent.MemberRemoved>(removed =>
        {
            // Sweep now and once more a little later: the coordinator may still place a shard on the removed node's
            // region for a moment, and a wake-up sent there is lost.
            Sweep($"member {removed.Member.Address} removed");
            Timers.StartSingleTimer("sweep-after-removal", new SweepDue("after a member was removed"), AfterRemoval);
        });
        Receive<ClusterEvent.IMemberEvent>(_ => { });
        Receive<ClusterEvent.CurrentClusterState>(_ => { });
        Receive<SweepDue>(due => Sweep(due.Reason));
        Receive<TaskIndexProtocol.ListTasks>(list => Sender.Tell(List(list)));
        Receive<TaskIndexProtocol.ListDeadLetters>(list => Sender.Tell(ListDeadLetters(list)));
        Receive<TaskIndexProtocol.GetIndexStatus>(_ => Sender.Tell(new TaskIndexProtocol.IndexStatus(_caughtUp, _tasks.Count, _offset,
            _tasks.Values.Count(t => !t.Status.IsTerminal()), _tasks.Values.Count(t => t.InDeadLetterQueue))));
    }

    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>How long after a member's removal the second sweep runs.</summary>
    private static readonly TimeSpan AfterRemoval = TimeSpan.FromSeconds(5);

    public static Props Props(IActorRef taskRegion, int capacity, TimeSpan sweepInterval) =>
        Akka.Actor.Props.Create(() => new TaskIndex(taskRegion, capacity, sweepInterval));

    protected override void PreStart()
    {
        Follow(live: false);
        _cluster.Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsSnapshot, typeof(ClusterEvent.IMemberEvent));
        Timers.StartPeriodicTimer("sweep", new SweepDue(null), _sweepInterval);
    }

    protected override void PostStop() => _cluster.Unsubscribe(Self);

    /// <summary>
    /// Wakes every unfinished task, if this node is the cluster's sweeper and the index is complete. The periodic sweep
    /// (no reason) stays out of the log.
    /// </summary>
    private void Sweep(string? reason)
    {
        if (!_caughtUp || !IsOldestUpMember()) return;
        var woken = WakeUnfinished();
        if (woken > 0 && reason is not null) _log.Info("task index: woke {0} unfinished task(s) ({1})", woken, reason);
    }

    private bool IsOldestUpMember()
    {
        Member? oldest = null;
        foreach (var member in _cluster.State.Members)
        {
            if (member.Status != MemberStatus.Up) continue;
            if (oldest is null || member.IsOlderThan(oldest)) oldest = member;
        }
        return oldest is not null && oldest.Address.Equals(_cluster.SelfAddress);
    }

    private int WakeUnfinished()
    {
        var woken = 0;
        foreach (var task in _tasks.Values)
        {
            if (task.Status.IsTerminal()) continue;
            _taskRegion.Tell(new TaskProtocol.WakeTask(task.Id));
            woken++;
        }
        return woken;
    }

    private void Follow(bool live)
    {
        var journal = PersistenceQuery.Get(Context.System).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier);
        var source = live
            ? journal.EventsByTag(TaskEventTagger.Tag, Offset.Sequence(_offset))
            : journal.CurrentEventsByTag(TaskEventTagger.Tag, Offset.Sequence(_offset));
        var self = Self;
        source.RunForeach(envelope => self.Tell(envelope), Context.Materializer())
            .ContinueWith(t => t.IsFaulted
                ? new StreamEnded(t.Exception?.GetBaseException().Message ?? "failed")
                : live ? new StreamEnded("completed") : (object)CaughtUp.Instance)
            .PipeTo(self);
    }

    private void Index(EventEnvelope envelope)
    {
        if (envelope.Offset is Sequence sequence) _offset = Math.Max(_offset, sequence.Value);
        if (envelope.Event is not ITaskEvent e || !envelope.PersistenceId.StartsWith("task-", StringComparison.Ordinal)) return;
        var id = envelope.PersistenceId["task-".Length..];
        var next = TaskSummary.Apply(_tasks.GetValueOrDefault(id), id, e);
        if (next is null) return;
        _tasks[id] = next;
        if (_tasks.Count > _capacity) Evict();
    }

    private void OnCaughtUp()
    {
        _caughtUp = true;
        // Every node wakes what it found at start (a whole-cluster restart has no oldest survivor to do it).
        var woken = WakeUnfinished();
        if (woken > 0) _log.Info("task index caught up at offset {0}; woke {1} unfinished task(s)", _offset, woken);
        Follow(live: true);
    }

    private TaskIndexProtocol.TaskList List(TaskIndexProtocol.ListTasks query)
    {
        var matches = _tasks.Values
            .Where(t => query.State is null || t.Status == query.State)
            .Where(t => query.Tool is null || t.Tool == query.Tool)
            .OrderByDescending(t => t.AcceptedAt).ThenBy(t => t.Id, StringComparer.Ordinal)
            .ToList();
        var page = matches.Skip(query.Offset).Take(query.Limit).ToList();
        return new TaskIndexProtocol.TaskList(page, matches.Count, query.Offset, query.Limit, _caughtUp);
    }

    private TaskIndexProtocol.TaskList ListDeadLetters(TaskIndexProtocol.ListDeadLetters query)
    {
        var matches = _tasks.Values
            .Where(t => t.InDeadLetterQueue)
            .Where(t => query.Tool is null || t.Tool == query.Tool)
            .Where(t => query.Category is null || t.Category == query.Category)
            .Where(t => query.Since is null || t.DeadLetteredAt >= query.Since)
            .OrderByDescending(t => t.DeadLetteredAt).ThenBy(t => t.Id, StringComparer.Ordinal)
            .ToList();
        return new TaskIndexProtocol.TaskList(matches.Skip(query.Offset).Take(query.Limit).ToList(), matches.Count, query.Offset, query.Limit, _caughtUp);
    }

    private void Evict()
    {
        var excess = _tasks.Count - _capacity + _capacity / 10;
        foreach (var old in _tasks.Values.Where(t => t.Status.IsTerminal() && !t.InDeadLetterQueue).OrderBy(t => t.UpdatedAt).Take(excess).ToList())
            _tasks.Remove(old.Id);
    }

    private sealed class CaughtUp
    {
        public static readonly CaughtUp Instance = new();
    }

    private sealed class Restart
    {
        public static readonly Restart Instance = new();
    }

    private sealed record StreamEnded(string Reason);

    private sealed record SweepDue(string? Reason);
}
