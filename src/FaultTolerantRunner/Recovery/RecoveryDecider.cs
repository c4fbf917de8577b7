using FaultTolerantRunner.Taxonomy;

namespace FaultTolerantRunner.Recovery;

/// <summary>
/// The pure recovery decision for one failure report: which events to journal and which plan to answer.
/// A failure escalates the level when the failed attempt already ran under the current level's recovery (that
/// recovery did not work); a failure of a first attempt, or under an older, lower plan, meets the current level.
/// Level 5 dead-letters only a task that has itself been through four recoveries; younger tasks are held at level 4:
/// the fingerprint's history says where recovery starts, the task's own history says when to give up.
/// Severity rises with repetition: the report that makes <c>Recovery:SeverityRaise:Count</c> within its window raises the
/// severity of the reports after it one level (up to <c>Max</c>); a resolve or an operator's reset puts it back.
/// </summary>
public static class RecoveryDecider
{
    public static (IReadOnlyList<IRecoveryEvent> Events, RecoveryProtocol.RecoveryPlan? Plan) OnFailure(
        RecoveryState state, RecoveryProtocol.ReportFailure report, RecoveryOptions options, DateTimeOffset now, double random, double exploreRandom)
    {
        var severity = state.EffectiveSeverity(report.Severity);
        var events = new List<IRecoveryEvent>
        {
            new FailureRecorded($"{report.TaskId}.{report.Attempt}", report.Fingerprint, report.Category, severity, report.Tool,
                report.TaskId, report.Attempt, report.Node, report.Type, report.Message, report.Details, report.Rule, report.AttemptLevel,
                report.Retryable, now),
        };
        if (SeverityRise(state, severity, options.SeverityRaise, now) is { } raised) events.Add(raised);

        var level = state.Level;
        if (level > 1 && state.LastSeen is { } last && now - last > options.QuietReset)
        {
            events.Add(new LevelChanged(level, 1, report.TaskId, $"quiet for {(now - last).TotalMinutes:0} min: a new incident", now));
            level = 1;
        }
        if (report.AttemptLevel > 0 && report.AttemptStrategy is { } tried)
            events.Add(new StrategyOutcome(report.AttemptLevel, tried, report.TaskId, false, 0, now));

        if (!report.Retryable || report.Final) return (events, null);

        var next = level switch
        {
            0 => 1,
            _ when report.AttemptLevel >= level => Math.Min(RecoveryStrategies.MaxLevel, level + 1),
            _ => level,
        };
        if (next != level)
            events.Add(new LevelChanged(level, next, report.TaskId, level == 0
                ? "first failure"
                : $"recovery at level {level} ({RecoveryStrategies.LevelName(level)}) failed", now));

        var planLevel = next == RecoveryStrategies.MaxLevel && report.TaskRecoveries < options.DeadLetterAfterRecoveries ? RecoveryStrategies.MaxLevel - 1 : next;
        var strategies = RecoveryStrategies.Of(planLevel, report.Reducible);
        var strategy = StrategySelector.Choose(planLevel, strategies, state.Strategies, options, random, exploreRandom);
        var reason = planLevel < next
            ? $"fingerprint at level {next}, task held at {planLevel} until it has been through {options.DeadLetterAfterRecoveries} recoveries"
            : $"fingerprint at level {next}";
        events.Add(new RecoveryActionChosen(planLevel, strategy, report.TaskId, reason, now));
        return (events, new RecoveryProtocol.RecoveryPlan(report.Fingerprint, planLevel, strategy, planLevel == RecoveryStrategies.MaxLevel, reason));
    }

    /// <summary>
    /// The rise this report causes, if any: with it, <c>Count</c> reports since the last rise fall within the window. A
    /// resolved fingerprint counts afresh (its reset cleared the window); <c>Max</c> is the ceiling.
    /// </summary>
    private static SeverityRaised? SeverityRise(RecoveryState state, Severity current, SeverityRaiseOptions raise, DateTimeOffset now)
    {
        if (raise.Count == 0 || current >= raise.Max) return null;
        var times = state.ReportsSinceRaise;
        // The report itself is the newest of the Count; the oldest of them is Count - 1 back in the window.
        if (times.Count < raise.Count - 1) return null;
        var oldest = raise.Count == 1 ? now : times[times.Count - (raise.Count - 1)];
        return now - oldest <= raise.Window ? new SeverityRaised(current, current + 1, raise.Count, raise.Window, now) : null;
    }

    /// <summary>An operator's reset: level 1 and the severity back to the fingerprint's own.</summary>
    public static IReadOnlyList<IRecoveryEvent> OnReset(RecoveryState state, string reason, DateTimeOffset now)
    {
        var events = new List<IRecoveryEvent>();
        if (state.Level > 1) events.Add(new LevelChanged(state.Level, 1, null, $"operator reset: {reason}", now));
        if (Restored(state, $"operator reset: {reason}", now) is { } restored) events.Add(restored);
        return events;
    }

    /// <summary>Resolved: the next occurrence reopens it at the fingerprint's own severity.</summary>
    public static IReadOnlyList<IRecoveryEvent> OnResolve(RecoveryState state, string note, DateTimeOffset now)
    {
        var events = new List<IRecoveryEvent> { new FingerprintResolved(note, now) };
        if (Restored(state, "resolved", now) is { } restored) events.Add(restored);
        return events;
    }

    private static SeverityReset? Restored(RecoveryState state, string reason, DateTimeOffset now) =>
        state.RaisedSeverity is { } raised
            ? new SeverityReset(raised, state.BaseSeverity ?? CategoryDefaults.SeverityOf(state.Category ?? ErrorCategory.Unknown), reason, now)
            : null;

    public static IReadOnlyList<IRecoveryEvent> OnRecovered(RecoveryState state, RecoveryProtocol.ReportRecovered report, RecoveryOptions options, DateTimeOffset now)
    {
        var events = new List<IRecoveryEvent> { new StrategyOutcome(report.Level, report.Strategy, report.TaskId, true, report.RecoveryMs, now) };
        if (state.Level > 1 && state.SuccessStreak + 1 >= options.ResetAfterSuccesses)
            events.Add(new LevelChanged(state.Level, 1, report.TaskId, $"{options.ResetAfterSuccesses} recovery success(es)", now));
        return events;
    }
}
