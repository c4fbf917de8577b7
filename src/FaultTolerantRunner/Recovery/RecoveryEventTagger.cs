using System.Collections.Immutable;
using Akka.Persistence.Journal;

namespace FaultTolerantRunner.Recovery;

/// <summary>Tags recovery events so that every node's error registry can follow them.</summary>
public sealed class RecoveryEventTagger : IWriteEventAdapter
{
    public const string Tag = "recovery";

    private static readonly IImmutableSet<string> Tags = ImmutableHashSet.Create(Tag);

    public string Manifest(object evt) => string.Empty;

    public object ToJournal(object evt) => evt is IRecoveryEvent ? new Tagged(evt, Tags) : evt;
}
