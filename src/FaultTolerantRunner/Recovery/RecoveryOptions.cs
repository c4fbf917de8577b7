using FaultTolerantRunner.Hosting;

namespace FaultTolerantRunner.Recovery;

/// <summary>Progressive recovery settings (configuration section <c>Recovery</c>).</summary>
public sealed class RecoveryOptions
{
    /// <summary>Successes (of tasks recovering from a fingerprint) that reset its level to 1.</summary>
    public int ResetAfterSuccesses { get; set; } = RecoveryDefaults.ResetAfterSuccesses;

    /// <summary>A fingerprint not seen for this long starts again at level 1 (an old incident says little about a new one).</summary>
    public TimeSpan QuietReset { get; set; } = RecoveryDefaults.QuietReset;

    /// <summary>Probability of trying a strategy other than the best-scoring one (exploration).</summary>
    public double Exploration { get; set; } = RecoveryDefaults.Exploration;

    /// <summary>Every strategy of a level is tried at least this often before scores decide.</summary>
    public int MinTrials { get; set; } = RecoveryDefaults.MinTrials;

    /// <summary>Recovery time that halves a strategy's score (score = smoothed success rate / (1 + mean recovery time / scale)).</summary>
    public TimeSpan RecoveryTimeScale { get; set; } = RecoveryDefaults.RecoveryTimeScale;

    /// <summary>How much level 2's "extend-timeout" strategy lengthens the attempt timeout.</summary>
    public double ExtendedTimeoutFactor { get; set; } = RecoveryDefaults.ExtendedTimeoutFactor;

    /// <summary>How much longer level 3's "reset-and-cool-down" waits than plain backoff.</summary>
    public double CoolDownFactor { get; set; } = RecoveryDefaults.CoolDownFactor;

    /// <summary>History entries a fingerprint keeps in memory and in its snapshot (the journal keeps all).</summary>
    public int HistoryLimit { get; set; } = RecoveryDefaults.HistoryLimit;

    /// <summary>How long a task waits for its recovery plan before it falls back to plain level-1 backoff.</summary>
    public TimeSpan PlanTimeout { get; set; } = RecoveryDefaults.PlanTimeout;

    /// <summary>Recoveries a task must itself have been through before level 5 dead-letters it (younger tasks are held at level 4).</summary>
    public int DeadLetterAfterRecoveries { get; set; } = RecoveryDefaults.DeadLetterAfterRecoveries;

    /// <summary>Shards of the recovery entities.</summary>
    public int NumberOfShards { get; set; } = RecoveryDefaults.NumberOfShards;

    /// <summary>When a fingerprint's reports repeat often enough to raise their severity (section <c>Recovery:SeverityRaise</c>).</summary>
    public SeverityRaiseOptions SeverityRaise { get; set; } = new();

    public RecoveryOptions Validate()
    {
        if (ResetAfterSuccesses is < 1 or > 1000)
            throw new RunnerConfigurationException("Recovery:ResetAfterSuccesses", $"must be between 1 and 1000 (got {ResetAfterSuccesses})");
        if (QuietReset <= TimeSpan.Zero)
            throw new RunnerConfigurationException("Recovery:QuietReset", $"must be a positive duration such as 00:10:00 (got {QuietReset})");
        if (Exploration is < 0 or > 1 || double.IsNaN(Exploration))
            throw new RunnerConfigurationException("Recovery:Exploration", $"must be between 0 and 1 (got {Exploration})");
        if (MinTrials is < 0 or > 1000)
            throw new RunnerConfigurationException("Recovery:MinTrials", $"must be between 0 and 1000 (got {MinTrials})");
        if (RecoveryTimeScale <= TimeSpan.Zero)
            throw new RunnerConfigurationException("Recovery:RecoveryTimeScale", $"must be a positive duration such as 00:00:30 (got {RecoveryTimeScale})");
        if (ExtendedTimeoutFactor is < 1 or > 100 || double.IsNaN(ExtendedTimeoutFactor))
            throw new RunnerConfigurationException("Recovery:ExtendedTimeoutFactor", $"must be between 1 and 100 (got {ExtendedTimeoutFactor})");
        if (CoolDownFactor is < 1 or > 100 || double.IsNaN(CoolDownFactor))
            throw new RunnerConfigurationException("Recovery:CoolDownFactor", $"must be between 1 and 100 (got {CoolDownFactor})");
        if (HistoryLimit is < 10 or > 100_000)
            throw new RunnerConfigurationException("Recovery:HistoryLimit", $"must be between 10 and 100000 (got {HistoryLimit})");
        if (PlanTimeout <= TimeSpan.Zero)
            throw new RunnerConfigurationException("Recovery:PlanTimeout", $"must be a positive duration such as 00:00:05 (got {PlanTimeout})");
        if (DeadLetterAfterRecoveries is < 1 or > 1000)
            throw new RunnerConfigurationException("Recovery:DeadLetterAfterRecoveries", $"must be between 1 and 1000 (got {DeadLetterAfterRecoveries})");
        if (NumberOfShards is < 1 or > 10_000)
            throw new RunnerConfigurationException("Recovery:NumberOfShards", $"must be between 1 and 10000 (got {NumberOfShards})");
        if (SeverityRaise.Count < 0 || SeverityRaise.Count > HistoryLimit)
            throw new RunnerConfigurationException("Recovery:SeverityRaise:Count",
                $"must be between 0 (off) and Recovery:HistoryLimit ({HistoryLimit}) (got {SeverityRaise.Count})");
        if (SeverityRaise.Window <= TimeSpan.Zero)
            throw new RunnerConfigurationException("Recovery:SeverityRaise:Window", $"must be a positive duration such as 00:05:00 (got {SeverityRaise.Window})");
        if (SeverityRaise.Max == Taxonomy.Severity.Low || !Enum.IsDefined(SeverityRaise.Max))
            throw new RunnerConfigurationException("Recovery:SeverityRaise:Max",
                $"must be medium, high or critical (got {SeverityRaise.Max}); Recovery:SeverityRaise:Count=0 turns raising off");
        return this;
    }
}
