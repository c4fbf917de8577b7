using Akka.Actor;
using Akka.Persistence.Query;
using FaultTolerantRunner.Projections;

namespace FaultTolerantRunner.Tests.Projections;

/// <summary>The smallest owner of a <see cref="TagFollower"/>: records what it is handed and when catch-up is reported.</summary>
public sealed class FollowerOwner : ReceiveActor, IWithTimers
{
    private readonly TagFollower _follower;
    private readonly TagQueries? _queries;
    private readonly List<string> _applied = [];
    private readonly List<long> _orderings = [];
    private IReadOnlyList<string> _appliedAtCatchUp = [];
    private int _caughtUp;

    public FollowerOwner(string tag, RescanSchedule schedule, ScriptedTagQueries? queries)
    {
        _queries = queries?.AsTagQueries();
        _follower = new TagFollower(tag, "spec owner", schedule, envelope =>
        {
            _applied.Add((string)envelope.Event);
            _orderings.Add(((Sequence)envelope.Offset).Value);
        }, () =>
        {
            _caughtUp++;
            _appliedAtCatchUp = _applied.ToList();
        });
        Receive<TagFollower.Signal>(_follower.Handle);
        Receive<GetState>(_ => Sender.Tell(new State(_applied.ToList(), _orderings.ToList(), _appliedAtCatchUp, _caughtUp,
            _follower.Rereads, _follower.LateEvents)));
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(string tag, RescanSchedule schedule, ScriptedTagQueries? queries) =>
        Akka.Actor.Props.Create(() => new FollowerOwner(tag, schedule, queries));

    protected override void PreStart() => _follower.Start(Context, Timers, _queries);

    public sealed record GetState
    {
        public static readonly GetState Instance = new();
    }

    public sealed record State(IReadOnlyList<string> Applied, IReadOnlyList<long> Orderings, IReadOnlyList<string> AppliedAtCatchUp,
        int CaughtUpCount, long Rereads, long LateEvents);
}
