using Akka.Event;

namespace FaultTolerantRunner.Tasks;

/// <summary>
/// Shard hand-off (a graceful leave, SIGTERM or a rebalance): a running attempt may finish here first, so that leaving
/// does not run it a second time on the next node. No new attempt starts meanwhile; past <see cref="TaskOptions.HandOffDrain"/>
/// the attempt is stopped and, journaled as open, runs again where the entity restarts.
/// </summary>
public sealed partial class TaskEntity
{
    private static readonly TimeSpan HandOffCheckInterval = TimeSpan.FromMilliseconds(50);
    private bool _handingOff;

    private void HandOff()
    {
        if (_handingOff) return;
        if (State.OpenAttempt is null || _attempts is null || _runtime.Options.HandOffDrain <= TimeSpan.Zero)
        {
            StopNow();
            return;
        }
        _handingOff = true;
        _log.Info("task {0}: handing off; attempt {1} may finish within {2}", State.Id, State.OpenAttempt.Number, _runtime.Options.HandOffDrain);
        Timers.StartSingleTimer("hand-off-deadline", HandOffDeadline.Instance, _runtime.Options.HandOffDrain);
        Timers.StartPeriodicTimer("hand-off-check", HandOffCheck.Instance, HandOffCheckInterval);
    }

    /// <summary>Stops once the open attempt's outcome is journaled (its persist callbacks have run).</summary>
    private void OnHandOffCheck()
    {
        if (_handingOff && State.OpenAttempt is null) StopNow();
    }

    private void OnHandOffDeadline()
    {
        if (!_handingOff) return;
        _log.Warning("task {0}: attempt still running after {1}; it runs again where the task moves", State.Id, _runtime.Options.HandOffDrain);
        StopNow();
    }

    private void StopNow()
    {
        StopAttempts();
        Context.Stop(Self);
        // Task entities are not remembered: an unfinished one handed off (rebalance, graceful leave) asks its region to
        // wake it. The region already treats the shard as moving, so it holds the wake-up until the shard's next home
        // is known and delivers it there. (If this node is shutting down, the survivors' sweep wakes it instead.)
        if (State.Exists && !State.IsTerminal && _runtime.TaskRegion?.Invoke() is { } region)
            region.Tell(new TaskProtocol.WakeTask(State.Id), Akka.Actor.ActorRefs.NoSender);
    }

    private sealed class HandOffCheck
    {
        public static readonly HandOffCheck Instance = new();
    }

    private sealed class HandOffDeadline
    {
        public static readonly HandOffDeadline Instance = new();
    }
}
