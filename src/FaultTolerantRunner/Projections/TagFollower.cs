using Akka.Actor;
using Akka.Event;
using Akka.Persistence.Query;
using Akka.Streams;
using Akka.Streams.Dsl;

namespace FaultTolerantRunner.Projections;

/// <summary>
/// Follows one journal tag for the read model that owns it: reads what the journal holds from an offset (catch-up), reports
/// once that it has caught up, then follows live; restarts a stream that ends from the offset it had reached; and re-reads
/// the ranges it passed (<see cref="RescanSchedule"/>) to find late commits.
/// <para>
/// Late commits: the live reader reads up to the highest ordering with no gap below it and gives a gap up after the
/// plugin's <c>max-tries x query-delay</c> (10 s). On PostgreSQL an event's ordering is taken at insert, so an event that
/// commits later than that (a stalled connection or node mid-commit) is behind the reader for good. Every range the reader
/// passes after catch-up is read once more after each delay. Each ordering is handed to the owner at most once: the follower
/// remembers what it handed on (<see cref="OrderingSet"/>), so a re-read passes on only what the live reader had skipped and
/// a restart that overlaps its offset passes on nothing twice. Counts therefore never double.
/// </para>
/// A helper the owning actor composes rather than a base class it inherits: the error registry follows two tags with one
/// aggregate, and the owners stay plain <see cref="ReceiveActor"/>s. The owner routes <see cref="Signal"/>s to <see cref="Handle"/>.
/// </summary>
public sealed class TagFollower
{
    /// <summary>How long after a stream ended it is started again.</summary>
    public static readonly TimeSpan RestartDelay = TimeSpan.FromSeconds(1);

    private readonly string _owner;
    private readonly RescanSchedule _schedule;
    private readonly Action<EventEnvelope> _apply;
    private readonly Action? _caughtUp;
    private readonly RescanMarks _marks;
    private readonly OrderingSet _handedOn = new();
    /// <summary>The start of each re-scan still reading: what it may yet find must not be forgotten.</summary>
    private readonly List<long> _reading = [];
    private IActorRef _self = ActorRefs.Nobody;
    private ITimerScheduler _timers = null!;
    private IMaterializer _materializer = null!;
    private TagQueries _queries = null!;
    private ILoggingAdapter _log = null!;

    /// <param name="owner">Names the owner in log lines ("task index").</param>
    /// <param name="apply">Called on the owner's thread with each event, at most once per journal ordering.</param>
    /// <param name="caughtUp">Called once, when the catch-up read is done and before the live reader starts.</param>
    public TagFollower(string tag, string owner, RescanSchedule schedule, Action<EventEnvelope> apply, Action? caughtUp = null)
    {
        Tag = tag;
        _owner = owner;
        _schedule = schedule;
        _apply = apply;
        _caughtUp = caughtUp;
        _marks = new RescanMarks(schedule);
    }

    public string Tag { get; }

    /// <summary>The highest ordering the catch-up or live reader has handed on.</summary>
    public long Offset { get; private set; }

    public bool CaughtUp { get; private set; }

    /// <summary>Events read again by re-scans.</summary>
    public long Rereads { get; private set; }

    /// <summary>Of those, the ones the live reader had skipped (committed after it gave their gap up).</summary>
    public long LateEvents { get; private set; }

    /// <summary>Starts the catch-up read; call from the owner's <c>PreStart</c>. <paramref name="queries"/> defaults to the node's journal.</summary>
    public void Start(IActorContext context, ITimerScheduler timers, TagQueries? queries = null)
    {
        _self = context.Self;
        _timers = timers;
        _materializer = context.Materializer();
        _queries = queries ?? TagQueries.Sql(context.System);
        _log = context.GetLogger();
        Follow();
    }

    public void Handle(Signal signal)
    {
        switch (signal)
        {
            case Read read:
                OnRead(read.Envelope);
                break;
            case Reread reread:
                OnReread(reread);
                break;
            case CatchUpDone:
                OnCaughtUp();
                break;
            case Ended ended:
                _log.Warning("{0}: the {1} stream ended ({2}); restarting from offset {3}", _owner, Tag, ended.Reason, Offset);
                _timers.StartSingleTimer($"{Tag}-restart", new Restart(Tag), RestartDelay);
                break;
            case Restart:
                Follow();
                break;
            case RescanDue:
                Rescan();
                break;
            case RescanDone done:
                _reading.Remove(done.From);
                if (done.Error is not null) _log.Warning("{0}: re-scan of {1} ({2}, {3}] failed: {4}", _owner, Tag, done.From, done.To, done.Error);
                break;
        }
    }

    private void Follow()
    {
        var live = CaughtUp;
        var offset = Akka.Persistence.Query.Offset.Sequence(Offset);
        var source = live ? _queries.Live.EventsByTag(Tag, offset) : _queries.Current.CurrentEventsByTag(Tag, offset);
        var self = _self;
        var tag = Tag;
        source.RunForeach(envelope => self.Tell(new Read(tag, envelope)), _materializer)
            .ContinueWith(t => t.IsFaulted
                ? new Ended(tag, t.Exception?.GetBaseException().Message ?? "failed")
                : live ? new Ended(tag, "completed") : (Signal)new CatchUpDone(tag))
            .PipeTo(self);
    }

    private void OnRead(EventEnvelope envelope)
    {
        if (envelope.Offset is not Sequence sequence)
        {
            _apply(envelope);
            return;
        }
        // The reader only moves forward: an ordering at or below the offset is a restart re-reading its start.
        if (sequence.Value <= Offset) return;
        Offset = sequence.Value;
        // Remembered only where a re-scan may read it again (and forgets it tick by tick).
        if (CaughtUp && _schedule.Delays.Count > 0) _handedOn.Add(sequence.Value);
        _apply(envelope);
    }

    private void OnReread(Reread reread)
    {
        Rereads++;
        if (reread.Envelope.Offset is not Sequence sequence || !_handedOn.Add(sequence.Value)) return;
        LateEvents++;
        _log.Warning("{0}: a re-scan {1:0} s behind the reader found {2} #{3} ({4}), committed after the reader had given its gap up",
            _owner, reread.Behind.TotalSeconds, reread.Envelope.PersistenceId, reread.Envelope.SequenceNr, reread.Envelope.Event.GetType().Name);
        _apply(reread.Envelope);
    }

    private void OnCaughtUp()
    {
        CaughtUp = true;
        // Re-scans cover what the reader passes from here on, not the catch-up range: a gap the catch-up gave up would be
        // an event that was in flight when the node started and then took over 10 s to commit.
        _marks.Mark(Offset);
        _handedOn.Forget(Offset);
        if (_schedule.Delays.Count > 0) _timers.StartPeriodicTimer($"{Tag}-rescan", new RescanDue(Tag), _schedule.Interval);
        _caughtUp?.Invoke();
        Follow();
    }

    /// <summary>Marks the offset and reads again each range now due, stopping at the range's end.</summary>
    private void Rescan()
    {
        var self = _self;
        var tag = Tag;
        foreach (var range in _marks.Mark(Offset))
        {
            _reading.Add(range.From);
            _queries.Current.CurrentEventsByTag(tag, Akka.Persistence.Query.Offset.Sequence(range.From))
                .TakeWhile(envelope => envelope.Offset is Sequence s && s.Value <= range.To)
                .RunForeach(envelope => self.Tell(new Reread(tag, envelope, range.Behind)), _materializer)
                // A failed re-read is tried again by no one: the owner logs it (the next ranges are still re-read).
                .ContinueWith(t => self.Tell(new RescanDone(tag, range.From, range.To, t.IsFaulted ? t.Exception?.GetBaseException().Message ?? "failed" : null)));
        }
        _handedOn.Forget(_reading.Count > 0 ? Math.Min(_marks.Floor, _reading.Min()) : _marks.Floor);
    }

    /// <summary>A message of a follower to its owner's mailbox; the owner hands it to the follower of <see cref="Tag"/>.</summary>
    public abstract record Signal(string Tag);

    private sealed record Read(string Tag, EventEnvelope Envelope) : Signal(Tag);

    private sealed record Reread(string Tag, EventEnvelope Envelope, TimeSpan Behind) : Signal(Tag);

    private sealed record CatchUpDone(string Tag) : Signal(Tag);

    private sealed record Ended(string Tag, string Reason) : Signal(Tag);

    private sealed record Restart(string Tag) : Signal(Tag);

    private sealed record RescanDue(string Tag) : Signal(Tag);

    private sealed record RescanDone(string Tag, long From, long To, string? Error) : Signal(Tag);
}
