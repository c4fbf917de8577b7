using System.Diagnostics.Metrics;
using Akka.Actor.Internal;
using FaultTolerantRunner.Telemetry;

namespace FaultTolerantRunner.LoadGen;

/// <summary>
/// Sees each task reach a terminal state without polling: FTR counts <c>ftr.tasks.completed</c> inside the task entity's
/// persist callback, i.e. right after the terminal event is journaled. The counter carries no task id (by design), so the
/// listener reads it from the entity actor the callback runs on (its name is the task id).
/// </summary>
public sealed class FtrCompletions : IDisposable
{
    private readonly MeterListener _listener = new();
    private volatile CompletionLog? _log;

    public FtrCompletions()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == RunnerMetrics.MeterName && instrument.Name == "ftr.tasks.completed")
                listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<long>(OnCompleted);
        _listener.Start();
    }

    /// <summary>Routes completions to <paramref name="log"/> from now on.</summary>
    public void Into(CompletionLog log) => _log = log;

    private void OnCompleted(Instrument instrument, long value, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
    {
        var log = _log;
        var cell = InternalCurrentActorCellKeeper.Current;
        if (log is null || cell is null) return;
        string? outcome = null;
        foreach (var tag in tags)
            if (tag.Key == "outcome") outcome = tag.Value as string;
        var id = Uri.UnescapeDataString(cell.Self.Path.Name);
        if (outcome == "succeeded") log.Completed(id);
        else log.Failed(id, outcome ?? "?");
    }

    public void Dispose() => _listener.Dispose();
}
