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
/// <para>
/// Late commits: the live reader reads up to the highest ordering with no gap below it and gives a gap up after the
/// plugin's <c>max-tries x query-delay</c> (10 s). On PostgreSQL an event's ordering is taken at insert, so an event that
/// commits later than that (a stalled connection or node mid-commit) is behind the reader for good; if it is a task's
/// acceptance, that task is never listed and never woken. So every ordering range the reader has passed is read once
/// more after each of <see cref="RescanSchedule.Delays"/> (by default ~1 and ~10 minutes later); an event is applied at
/// most once per task and in sequence-number order, so a re-read changes nothing unless it finds what was missed.
/// </para>
/// </summary>
public sealed class TaskIndex : ReceiveActor, IWithTimers
{
    private readonly IActorRef _taskRegion;
    private readonly int _capacity;
    private readonly TimeSpan _sweepInterval;
    private readonly Cluster _cluster = Cluster.Get(Context.System);
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Dictionary<string, TaskSummary> _tasks = new(StringComparer.Ordinal);
    private readonly RescanSchedule _rescan;
    /// <summary>The reader's offset at each re-scan tick since it caught up, newest last; consecutive marks bound a range.</summary>
    private readonly List<long> _marks = [];
    private long _offset;
    private bool _caughtUp;
    private long _lateEvents;
    private long _rereads;
    private IMaterializer _materializer = null!;

    public TaskIndex(IActorRef taskRegion, int capacity, TimeSpan sweepInterval, RescanSchedule? rescan = null)
    {
        _taskRegion = taskRegion;
        _capacity = capacity;
        _sweepInterval = sweepInterval;
        _rescan = rescan ?? RescanSchedule.Default;

        Receive<EventEnvelope>(envelope => Index(envelope));
        Receive<Reread>(reread =>
        {
            _rereads++;
            Index(reread.Envelope, reread.Delay);
        });
        Receive<RescanDue>(_ => Rescan());
        Receive<CaughtUp>(_ => OnCaughtUp());
        Receive<RescanFailed>(failed => _log.Warning("task index: {0}", failed.Reason));
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
            _tasks.Values.Count(t => !t.Status.IsTerminal()), _tasks.Values.Count(t => t.InDeadLetterQueue), _rereads, _lateEvents)));
    }

    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>How long after a member's removal the second sweep runs.</summary>
    private static readonly TimeSpan AfterRemoval = TimeSpan.FromSeconds(5);

    public static Props Props(IActorRef taskRegion, int capacity, TimeSpan sweepInterval, RescanSchedule? rescan = null) =>
        Akka.Actor.Props.Create(() => new TaskIndex(taskRegion, capacity, sweepInterval, rescan));

    protected override void PreStart()
    {
        _materializer = Context.Materializer();
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
        source.RunForeach(envelope => self.Tell(envelope), _materializer)
            .ContinueWith(t => t.IsFaulted
                ? new StreamEnded(t.Exception?.GetBaseException().Message ?? "failed")
                : live ? new StreamEnded("completed") : (object)CaughtUp.Instance)
            .PipeTo(self);
    }

    /// <param name="reread">Set for an event read again by a re-scan: applying it means the live reader had skipped it.</param>
    private void Index(EventEnvelope envelope, TimeSpan? reread = null)
    {
        if (reread is null && envelope.Offset is Sequence sequence) _offset = Math.Max(_offset, sequence.Value);
        if (envelope.Event is not ITaskEvent e || !envelope.PersistenceId.StartsWith("task-", StringComparison.Ordinal)) return;
        var id = envelope.PersistenceId["task-".Length..];
        var current = _tasks.GetValueOrDefault(id);
        // Once per event, in order: a re-read, or an event overtaken by a later one of the same task, changes nothing.
        if (current is not null && envelope.SequenceNr <= current.SequenceNr) return;
        var next = TaskSummary.Apply(current, id, e);
        if (next is null) return;
        _tasks[id] = next with { SequenceNr = envelope.SequenceNr };
        if (reread is { } delay)
        {
            _lateEvents++;
            _log.Warning("task index: a re-scan {0:0} s behind the reader found {1} #{2} ({3}), committed after the reader had given its gap up",
                delay.TotalSeconds, envelope.PersistenceId, envelope.SequenceNr, e.GetType().Name);
        }
        if (_tasks.Count > _capacity) Evict();
    }

    /// <summary>
    /// Marks the reader's offset, then reads again each range that the marks <see cref="RescanSchedule.Delays"/> ticks back
    /// enclose (so every range is re-read once per delay), stopping at the range's end.
    /// </summary>
    private void Rescan()
    {
        if (!_caughtUp) return;
        _marks.Add(_offset);
        var journal = PersistenceQuery.Get(Context.System).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier);
        var self = Self;
        foreach (var ticks in _rescan.Delays)
        {
            if (_marks.Count < ticks + 2) continue;
            var from = _marks[^(ticks + 2)];
            var to = _marks[^(ticks + 1)];
            if (to <= from) continue;
            var delay = _rescan.Interval * ticks;
            journal.CurrentEventsByTag(TaskEventTagger.Tag, Offset.Sequence(from))
                .TakeWhile(envelope => envelope.Offset is Sequence s && s.Value <= to)
                .RunForeach(envelope => self.Tell(new Reread(envelope, delay)), _materializer)
                .ContinueWith(t =>
                {
                    // A failed re-read is tried again by no one: say so (the next ranges are still re-read).
                    if (t.IsFaulted) self.Tell(new RescanFailed($"re-scan of ({from}, {to}] failed: {t.Exception?.GetBaseException().Message}"));
                });
        }
        var keep = _rescan.Delays.DefaultIfEmpty(0).Max() + 2;
        if (_marks.Count > keep) _marks.RemoveRange(0, _marks.Count - keep);
    }

    private void OnCaughtUp()
    {
        _caughtUp = true;
        // Re-scans cover what the reader passes from here on, not the catch-up range: a gap the catch-up gave up would be
        // an event that was in flight when the node started and then took over 10 s to commit.
        _marks.Add(_offset);
        if (_rescan.Delays.Count > 0) Timers.StartPeriodicTimer("rescan", RescanDue.Instance, _rescan.Interval);
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

    private sealed record RescanFailed(string Reason);

    private sealed record Reread(EventEnvelope Envelope, TimeSpan Delay);

    private sealed class RescanDue
    {
        public static readonly RescanDue Instance = new();
    }

    private sealed record SweepDue(string? Reason);
}

/// <summary>
/// When the task index reads again what its live reader has passed: every <paramref name="Interval"/> it marks its offset,
/// and each range between two marks is read again <paramref name="Delays"/> intervals after the later mark.
/// </summary>
public sealed record RescanSchedule(TimeSpan Interval, IReadOnlyList<int> Delays)
{
    public TimeSpan Interval { get; } = Interval > TimeSpan.Zero ? Interval : throw new ArgumentOutOfRangeException(nameof(Interval), Interval, "must be positive");

    public IReadOnlyList<int> Delays { get; } = Delays.All(d => d is >= 0 and <= 1_000) ? Delays
        : throw new ArgumentOutOfRangeException(nameof(Delays), string.Join(",", Delays), "each delay is 0 to 1000 intervals");

    /// <summary>Every 30 s; each range again after ~1 and ~10 minutes: catches commits up to ~10 minutes late, reading each event three times in all.</summary>
    public static readonly RescanSchedule Default = new(TimeSpan.FromSeconds(30), [2, 20]);
}
