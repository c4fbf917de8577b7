namespace FaultTolerantRunner.Recovery;

/// <summary>The recovery levels and the strategies each offers.</summary>
public static class RecoveryStrategies
{
    public const int MaxLevel = 5;

    public const string Backoff = "backoff";
    public const string DecorrelatedJitter = "decorrelated-jitter";
    public const string ExtendTimeout = "extend-timeout";
    public const string ReduceParameters = "reduce-parameters";
    public const string ResetComponent = "reset-component";
    public const string ResetAndCoolDown = "reset-and-cool-down";
    public const string Relocate = "relocate";
    public const string DeadLetter = "dead-letter";

    public static string LevelName(int level) => level switch
    {
        1 => "basic retry",
        2 => "retry with extended parameters",
        3 => "component reset",
        4 => "relocation",
        5 => "full escalation",
        _ => "none",
    };

    /// <summary>The strategies of a level, in the order they are first tried.</summary>
    /// <param name="reducible">Whether the tool declares how to reduce its parameters (level 2's second strategy).</param>
    public static IReadOnlyList<string> Of(int level, bool reducible) => level switch
    {
        1 => [Backoff, DecorrelatedJitter],
        2 => reducible ? [ExtendTimeout, ReduceParameters] : [ExtendTimeout],
        3 => [ResetComponent, ResetAndCoolDown],
        4 => [Relocate],
        _ => [DeadLetter],
    };
}

/// <summary>How one strategy has done for one fingerprint: attempts, successes and the time recovery took.</summary>
public sealed record StrategyRecord(int Level, string Strategy, int Attempts, int Successes, double TotalRecoveryMs)
{
    public double SuccessRate => Attempts == 0 ? 0 : (double)Successes / Attempts;

    public double MeanRecoveryMs => Successes == 0 ? 0 : TotalRecoveryMs / Successes;

    /// <summary>
    /// The documented score: the success rate smoothed with one success and one failure of prior (so one lucky or
    /// unlucky trial does not decide), divided by (1 + mean recovery time / scale), so that of two equally reliable
    /// strategies the faster wins, and a fast but unreliable one loses to a slower reliable one.
    /// </summary>
    public double Score(TimeSpan recoveryTimeScale) =>
        (Successes + 1.0) / (Attempts + 2.0) / (1 + MeanRecoveryMs / recoveryTimeScale.TotalMilliseconds);
}

/// <summary>Picks a level's strategy: untried ones first, then the best score, exploring now and then.</summary>
public static class StrategySelector
{
    public static string Choose(int level, IReadOnlyList<string> candidates, IReadOnlyDictionary<string, StrategyRecord> records,
        RecoveryOptions options, double random, double exploreRandom)
    {
        if (candidates.Count == 1) return candidates[0];
        var recordOf = (string s) => records.GetValueOrDefault(Key(level, s)) ?? new StrategyRecord(level, s, 0, 0, 0);

        var untried = candidates.FirstOrDefault(s => recordOf(s).Attempts < options.MinTrials);
        if (untried is not null) return untried;

        var best = candidates.OrderByDescending(s => recordOf(s).Score(options.RecoveryTimeScale)).ThenBy(s => candidates.ToList().IndexOf(s)).First();
        if (random >= options.Exploration) return best;
        // Exploration: give another strategy a chance, so one that was bad once can prove itself again.
        var others = candidates.Where(s => s != best).ToList();
        return others[Math.Min(others.Count - 1, (int)(exploreRandom * others.Count))];
    }

    public static string Key(int level, string strategy) => $"{level}:{strategy}";
}
