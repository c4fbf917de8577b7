using Akka.Event;

namespace FaultTolerantRunner.SelfHealing;

/// <summary>The stuck-attempt rule: an open attempt whose runner sent no heartbeat for longer than <see cref="SelfHealingOptions.StuckAfter"/> is killed and run again.</summary>
public static class StuckAttemptWatchdog
{
    /// <summary>The self-healing action's kind (metrics, the error registry's action log).</summary>
    public const string ActionKind = "stuck-attempt-killed";

    /// <summary>How often a task entity looks: every heartbeat interval, and at least twice per <see cref="SelfHealingOptions.StuckAfter"/>.</summary>
    public static TimeSpan CheckEvery(SelfHealingOptions options) =>
        options.HeartbeatInterval < options.StuckAfter / 2 ? options.HeartbeatInterval : options.StuckAfter / 2;

    /// <summary>Every self-healing action is logged, counted and published (the error registry keeps the latest).</summary>
    public static void Announce(ILoggingAdapter log, Akka.Actor.ActorSystem system, string taskId, string node, string reason, DateTimeOffset now)
    {
        log.Warning("task {0}: {1}", taskId, reason);
        Telemetry.RunnerMetrics.SelfHealingAction(ActionKind);
        system.EventStream.Publish(new SelfHealingAction(ActionKind, $"task {taskId}: {reason}", node, now));
    }

    /// <summary>Why the attempt is to be killed, or null while it is alive.</summary>
    public static string? Check(int attempt, DateTimeOffset lastHeartbeat, DateTimeOffset now, SelfHealingOptions options)
    {
        var silent = now - lastHeartbeat;
        return silent <= options.StuckAfter ? null
            : $"stuck: no heartbeat from attempt {attempt} for {silent.TotalSeconds:0} s (SelfHealing:StuckAfter {options.StuckAfter.TotalSeconds:0} s); killed and run again";
    }
}
