using Akka.Actor;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;

namespace FaultTolerantRunner.Projections;

/// <summary>The two queries a tag follower reads: what the journal holds now (catch-up, re-scans) and everything from now on (live).</summary>
public sealed record TagQueries(ICurrentEventsByTagQuery Current, IEventsByTagQuery Live)
{
    /// <summary>The node's journal (Akka.Persistence.Sql).</summary>
    public static TagQueries Sql(ActorSystem system)
    {
        var journal = PersistenceQuery.Get(system).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier);
        return new TagQueries(journal, journal);
    }
}
