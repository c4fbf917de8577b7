using System.Collections.Immutable;
using Akka.Persistence.Journal;

namespace FaultTolerantRunner.Tasks;

/// <summary>
/// Tags every task event so that read models (the task index, the error registry) can follow all tasks with one query —
/// except progress reports: none of them reads those, and a long attempt writes one every Tasks:ProgressInterval.
/// </summary>
public sealed class TaskEventTagger : IWriteEventAdapter
{
    public const string Tag = "task";

    private static readonly IImmutableSet<string> Tags = ImmutableHashSet.Create(Tag);

    public string Manifest(object evt) => string.Empty;

    public object ToJournal(object evt) => evt is ITaskEvent and not ProgressReported ? new Tagged(evt, Tags) : evt;
}
