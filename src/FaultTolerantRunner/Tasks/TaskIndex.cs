using Akka.Actor;
using Akka.Persistence.Query;
using FaultTolerantRunner.Projections;

namespace FaultTolerantRunner.Tasks;

/// <summary>
/// A node-local read model of all tasks, fed by the journal's "task" tag (so it sees tasks of every node sharing the
/// journal): listing, counts and lookups without waking task entities. <see cref="ResumeSweep"/> asks it what to wake.
/// Memory is bounded: past <c>capacity</c>, the oldest finished tasks leave the index (never their journal).
/// Lists walk a <see cref="TaskOrder"/> kept sorted on arrival; the overview's throughput comes from a fixed
/// <see cref="ThroughputRing"/> of counters fed here, never from a scan of the tasks.
/// Following the tag (catch-up, restarts, the late-commit re-scan) is the <see cref="TagFollower"/>'s; an event is applied
/// at most once per task and in sequence-number order, so an event seen twice changes nothing.
/// </summary>
public sealed class TaskIndex : ReceiveActor, IWithTimers
{
    public const string Name = "task-index";

    private static readonly string PersistenceIdPrefix = TaskIds.PersistenceId("");

    private readonly int _capacity;
    private readonly Dictionary<string, TaskSlot> _tasks = new(StringComparer.Ordinal);
    private readonly TaskCounts _counts = new();
    private readonly TaskOrder _order = new();
    private readonly ThroughputRing _throughput = new();
    private readonly TagFollower _follower;
    /// <summary>Told <see cref="TaskIndexProtocol.IndexCaughtUp"/> at each catch-up (<see cref="TaskIndexProtocol.SubscribeCaughtUp"/>).</summary>
    private readonly HashSet<IActorRef> _subscribers = [];

    public TaskIndex(int capacity, RescanSchedule? rescan = null)
    {
        _capacity = capacity;
        _follower = new TagFollower(TaskEventTagger.Tag, "task index", rescan ?? RescanSchedule.Default, Index, OnCaughtUp);

        Receive<TagFollower.Signal>(_follower.Handle);
        Receive<TaskIndexProtocol.ListTasks>(list => Sender.Tell(List(list)));
        Receive<TaskIndexProtocol.GetOverview>(overview => Sender.Tell(Overview(overview)));
        Receive<TaskIndexProtocol.SelectTasks>(select => Sender.Tell(TaskSelection.Select(_order.Between(select.Filter.Since, select.Filter.Until),
            select, _follower.CaughtUp)));
        Receive<TaskIndexProtocol.SelectExpired>(select => Sender.Tell(TaskSelection.Expired(_tasks.Values, select, _follower.CaughtUp)));
        Receive<TaskIndexProtocol.ForgetTasks>(forget => Forget(forget.TaskIds));
        Receive<TaskIndexProtocol.ListDeadLetters>(list => Sender.Tell(ListDeadLetters(list)));
        Receive<TaskIndexProtocol.ListUnfinished>(_ => Sender.Tell(new TaskIndexProtocol.UnfinishedTasks(
            _tasks.Values.Where(t => t.Summary.NeedsResuming).Select(t => t.Summary.Id).ToList(), _follower.CaughtUp)));
        Receive<TaskIndexProtocol.SubscribeCaughtUp>(_ => Subscribe(Sender));
        Receive<Terminated>(t => _subscribers.Remove(t.ActorRef));
        Receive<TaskIndexProtocol.GetIndexStatus>(_ => Sender.Tell(new TaskIndexProtocol.IndexStatus(_follower.CaughtUp, _tasks.Count,
            _follower.Offset, _counts.Unfinished, _counts.DeadLettered,
            _follower.Rereads, _follower.LateEvents)));
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(int capacity, RescanSchedule? rescan = null) =>
        Akka.Actor.Props.Create(() => new TaskIndex(capacity, rescan));

    protected override void PreStart() => _follower.Start(Context, Timers);

    private void Subscribe(IActorRef subscriber)
    {
        if (_subscribers.Add(subscriber)) Context.Watch(subscriber);
        if (_follower.CaughtUp) subscriber.Tell(new TaskIndexProtocol.IndexCaughtUp(_follower.Offset));
    }

    private void OnCaughtUp()
    {
        foreach (var subscriber in _subscribers) subscriber.Tell(new TaskIndexProtocol.IndexCaughtUp(_follower.Offset));
    }

    private void Index(EventEnvelope envelope)
    {
        if (envelope.Event is not ITaskEvent e || !envelope.PersistenceId.StartsWith(PersistenceIdPrefix, StringComparison.Ordinal)) return;
        var id = envelope.PersistenceId[PersistenceIdPrefix.Length..];
        var slot = _tasks.GetValueOrDefault(id);
        var current = slot?.Summary;
        // Once per event, in order: an event overtaken by a later one of the same task changes nothing.
        if (current is not null && envelope.SequenceNr <= current.SequenceNr) return;
        var next = TaskSummary.Apply(current, id, e);
        if (next is null) return;
        next = next with { SequenceNr = envelope.SequenceNr };
        _counts.Change(current, next);
        if (slot is not null)
        {
            slot.Summary = next;
        }
        else
        {
            slot = new TaskSlot(next);
            _tasks[id] = slot;
            _order.Add(slot);
        }
        _throughput.Record(e);
        if (_tasks.Count > _capacity) Evict();
    }

    private TaskIndexProtocol.TaskList List(TaskIndexProtocol.ListTasks query)
    {
        var filter = query.Filter ?? TaskFilter.All;
        var page = new List<TaskSummary>(Math.Clamp(query.Limit, 0, TaskClient.MaxListLimit));
        // With no criterion but the state, the total is counted already: the walk stops at the page's end.
        int? known = filter == TaskFilter.All ? _tasks.Count : filter == new TaskFilter(filter.State) ? _counts.Of(filter.State!.Value) : null;
        var total = 0;
        foreach (var slot in _order.Between(filter.Since, filter.Until))
        {
            var task = slot.Summary;
            if (!filter.Matches(task)) continue;
            if (total >= query.Offset && page.Count < query.Limit) page.Add(task);
            total++;
            if (known is not null && page.Count >= query.Limit) break;
        }
        return new TaskIndexProtocol.TaskList(page, known ?? total, query.Offset, query.Limit, _follower.CaughtUp);
    }

    private TaskIndexProtocol.Overview Overview(TaskIndexProtocol.GetOverview query)
    {
        return new TaskIndexProtocol.Overview(_counts.ByStatus(), _throughput.Buckets(DateTimeOffset.UtcNow, query.Window, query.Bucket), _counts.DeadLettered,
            _tasks.Count,
            _follower.CaughtUp);
    }

    private TaskIndexProtocol.TaskList ListDeadLetters(TaskIndexProtocol.ListDeadLetters query)
    {
        var matches = _tasks.Values.Select(s => s.Summary)
            .Where(t => t.InDeadLetterQueue)
            .Where(t => query.Tool is null || t.Tool == query.Tool)
            .Where(t => query.Category is null || t.Category == query.Category)
            .Where(t => query.Since is null || t.DeadLetteredAt >= query.Since)
            .OrderByDescending(t => t.DeadLetteredAt).ThenBy(t => t.Id, StringComparer.Ordinal)
            .ToList();
        return new TaskIndexProtocol.TaskList(matches.Skip(query.Offset).Take(query.Limit).ToList(), matches.Count, query.Offset, query.Limit,
            _follower.CaughtUp);
    }

    private void Forget(IEnumerable<string> ids)
    {
        foreach (var id in ids)
        {
            if (!_tasks.Remove(id, out var slot)) continue;
            _order.Remove(slot.Summary);
            _counts.Change(slot.Summary, null);
        }
    }

    private void Evict()
    {
        var excess = _tasks.Count - _capacity + _capacity / 10;
        foreach (var old in _tasks.Values.Select(s => s.Summary).Where(t => t.Status.IsTerminal() && !t.InDeadLetterQueue).OrderBy(t => t.UpdatedAt).Take(excess).ToList())
        {
            _tasks.Remove(old.Id);
            _order.Remove(old);
            _counts.Change(old, null);
        }
    }
}
