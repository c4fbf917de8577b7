using FaultTolerantRunner.Tools;

namespace FaultTolerantRunner.Tasks;

/// <summary>
/// The runner's progress throttle: the first report goes at once and opens a window of Tasks:ProgressInterval; reports in
/// the window are held (the latest wins, a held checkpoint is kept) and the held one goes when the window ends, opening the
/// next. The runner flushes the held report before its final one, so the journal has it. Not thread-safe: the actor's.
/// </summary>
public sealed class ProgressThrottle
{
    private ProgressReport? _held;
    private bool _open;

    /// <summary>The report to send now (the window then opens), or null: it is held until the window ends.</summary>
    public ProgressReport? Offer(ProgressReport report)
    {
        if (!_open)
        {
            _open = true;
            return report;
        }
        _held = _held is { } held ? held.FollowedBy(report) : report;
        return null;
    }

    /// <summary>The window ended: the held report to send (the next window then opens), or null (the window closes).</summary>
    public ProgressReport? WindowEnded()
    {
        var held = _held;
        _held = null;
        _open = held is not null;
        return held;
    }

    /// <summary>The attempt is ending: the held report, if any, to send before the final one.</summary>
    public ProgressReport? Flush()
    {
        var held = _held;
        _held = null;
        _open = false;
        return held;
    }
}
