using System.Collections.Concurrent;
using Akka;
using Akka.Actor;
using Akka.Persistence.Query;
using Akka.Streams.Dsl;
using FaultTolerantRunner.Projections;

namespace FaultTolerantRunner.Tests.Projections;

/// <summary>
/// The node's journal with a scripted live reader: it can fail once on an event, restart one ordering early, or skip an
/// event for good (as the reader does on PostgreSQL with a commit later than its gap tolerance). Catch-up and re-scans read
/// the journal as it is.
/// </summary>
public sealed class ScriptedTagQueries(ActorSystem system) : IEventsByTagQuery
{
    private readonly TagQueries _journal = TagQueries.Sql(system);
    private int _failed;

    /// <summary>The live reader fails on this event, the first time it meets it.</summary>
    public string? FailLiveAt { get; init; }

    /// <summary>A live reader started after the first reads from one ordering before its offset.</summary>
    public bool RestartOverlaps { get; init; }

    /// <summary>The live reader never hands this event on.</summary>
    public string? HiddenFromLive { get; init; }

    /// <summary>The offset of every live read started, in order.</summary>
    public ConcurrentQueue<long> LiveOffsets { get; } = new();

    public TagQueries AsTagQueries() => new(_journal.Current, this);

    public Source<EventEnvelope, NotUsed> EventsByTag(string tag, Offset offset)
    {
        var from = ((Sequence)offset).Value;
        if (RestartOverlaps && !LiveOffsets.IsEmpty) from = Math.Max(0, from - 1);
        LiveOffsets.Enqueue(((Sequence)offset).Value);
        return _journal.Live.EventsByTag(tag, Offset.Sequence(from))
            .Where(e => !Equals(e.Event, HiddenFromLive))
            .Select(e => Equals(e.Event, FailLiveAt) && Interlocked.Exchange(ref _failed, 1) == 0
                ? throw new InvalidOperationException($"scripted failure at {e.Event}")
                : e);
    }
}
