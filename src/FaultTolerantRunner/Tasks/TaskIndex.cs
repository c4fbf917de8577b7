using Akka.Actor;
using Akka.Event;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;

namespace FaultTolerantRunner.Tasks;

/// <summary>
/// A node-local read model of all tasks, fed by the journal's "task" tag (so it sees tasks of every node sharing
/// the journal). After catching up on start it wakes every unfinished task, a safety net beside remember-entities.
/// Memory is bounded: past <c>capacity</c>, the oldest finished tasks leave the index (never their journal).
/// </summary>
public sealed class TaskIndex : ReceiveActor, IWithTimers
{
    private readonly IActorRef _taskRegion;
    private readonly int _capacity;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Dictionary<string, TaskSummary> _tasks = new(StringComparer.Ordinal);
    private long _offset;
    private bool _caughtUp;

    public TaskIndex(IActorRef taskRegion, int capacity)
    {
        _taskRegion = taskRegion;
        _capacity = capacity;

        Receive<EventEnvelope>(Index);
        Receive<CaughtUp>(_ => OnCaughtUp());
        Receive<StreamEnded>(ended =>
        {
            _log.Warning("task index stream ended ({0}); restarting from offset {1}", ended.Reason, _offset);
            Timers.StartSingleTimer("restart", Restart.Instance, TimeSpan.FromSeconds(1));
        });
        Receive<Restart>(_ => Follow(live: _caughtUp));
        Receive<TaskIndexProtocol.ListTasks>(list => Sender.Tell(List(list)));
        Receive<TaskIndexProtocol.ListDeadLetters>(list => Sender.Tell(ListDeadLetters(list)));
        Receive<TaskIndexProtocol.GetIndexStatus>(_ => Sender.Tell(new TaskIndexProtocol.IndexStatus(_caughtUp, _tasks.Count, _offset,
            _tasks.Values.Count(t => !t.Status.IsTerminal()), _tasks.Values.Count(t => t.InDeadLetterQueue))));
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(IActorRef taskRegion, int capacity = 200_000) =>
        Akka.Actor.Props.Create(() => new TaskIndex(taskRegion, capacity));

    protected override void PreStart() => Follow(live: false);

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
        var unfinished = _tasks.Values.Where(t => !t.Status.IsTerminal()).ToList();
        if (unfinished.Count > 0) _log.Info("task index caught up at offset {0}; waking {1} unfinished task(s)", _offset, unfinished.Count);
        foreach (var task in unfinished) _taskRegion.Tell(new TaskProtocol.WakeTask(task.Id));
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
}
