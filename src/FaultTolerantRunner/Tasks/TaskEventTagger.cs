using System.Collections.Immutable;
using Akka.Persistence.Journal;

namespace FaultTolerantRunner.Tasks;

/// <summary>Tags every task event so that read models (the task index) can follow all tasks with one query.</summary>
public sealed class TaskEventTagger : IWriteEventAdapter
{
    public const string Tag = "task";

    private static readonly IImmutableSet<string> Tags = ImmutableHashSet.Create(Tag);

    public string Manifest(object evt) => string.Empty;

    public object ToJournal(object evt) => evt is ITaskEvent ? new Tagged(evt, Tags) : evt;
}
