namespace FaultTolerantRunner.Recovery;

/// <summary>
/// The pure recovery decision for one failure report: which events to journal and which plan to answer.
/// A failure escalates the level when the failed attempt already ran under the current level's recovery (that
/// recovery did not work); a failure of a first attempt, or under an older, lower plan, meets the current level.
/// Level 5 dead-letters only a task that has itself been through four recoveries; younger tasks are held at level 4:
/// the fingerprint's history says where recovery starts, the task's own history says when to give up.
/// </summary>
public static class RecoveryDecider
{
    public static (IReadOnlyList<IRecoveryEvent> Events, RecoveryProtocol.RecoveryPlan? Plan) OnFailure(
        RecoveryState state, RecoveryProtocol.ReportFailure report, RecoveryOptions options, DateTimeOffset now, double random, double exploreRandom)
    {
        var events = new List<IRecoveryEvent>
        {
            new FailureRecorded($"{report.TaskId}.{report.Attempt}", report.Fingerprint, report.Category, report.Severity, report.Tool,
                report.TaskId, report.Attempt, report.Node, report.Type, report.Message, report.Details, report.Rule, report.AttemptLevel,
                report.Retryable, now),
        };

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

    public static IReadOnlyList<IRecoveryEvent> OnRecovered(RecoveryState state, RecoveryProtocol.ReportRecovered report, RecoveryOptions options, DateTimeOffset now)
    {
        var events = new List<IRecoveryEvent> { new StrategyOutcome(report.Level, report.Strategy, report.TaskId, true, report.RecoveryMs, now) };
        if (state.Level > 1 && state.SuccessStreak + 1 >= options.ResetAfterSuccesses)
            events.Add(new LevelChanged(state.Level, 1, report.TaskId, $"{options.ResetAfterSuccesses} recovery success(es)", now));
        return events;
    }
}
