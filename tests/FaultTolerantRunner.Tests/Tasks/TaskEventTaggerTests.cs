using Akka.Persistence.Journal;
using FaultTolerantRunner.Tasks;

namespace FaultTolerantRunner.Tests.Tasks;

/// <summary>What the read models follow: every task event but the progress reports nobody reads there.</summary>
public sealed class TaskEventTaggerTests
{
    private static readonly DateTimeOffset At = DateTimeOffset.Parse("2026-12-03T12:00:00Z");

    [Fact]
    public void Transitions_are_tagged_and_progress_reports_are_not()
    {
        var tagger = new TaskEventTagger();

        var started = Assert.IsType<Tagged>(tagger.ToJournal(new AttemptStarted(1, "n1", At)));
        var progress = tagger.ToJournal(new ProgressReported(1, 50, "half", "{\"next\":5}", At));

        Assert.Equal([TaskEventTagger.Tag], started.Tags);
        Assert.IsType<ProgressReported>(progress);
    }
}
