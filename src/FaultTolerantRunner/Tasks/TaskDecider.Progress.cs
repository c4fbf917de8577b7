namespace FaultTolerantRunner.Tasks;

/// <summary>
/// Progress and checkpoints: the open attempt's report is journaled (the runner throttled it); its checkpoint goes to the
/// next attempt in <see cref="AttemptProtocol.Go"/> (<see cref="GoFor"/>). A report of an attempt no longer open is stale.
/// </summary>
public sealed partial class TaskDecider
{
    private static TaskDecision RecordProgress(TaskState state, AttemptProtocol.Progress report, DateTimeOffset now) =>
        state.IsTerminal || !state.IsOpen(report.Attempt)
            ? TaskDecision.Nothing
            : new([new ProgressReported(report.Attempt, report.Percent, report.Message, report.Checkpoint, now)], null, []);
}
