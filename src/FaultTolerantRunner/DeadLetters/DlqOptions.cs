using FaultTolerantRunner.Hosting;

namespace FaultTolerantRunner.DeadLetters;

/// <summary>The <c>Dlq</c> section: how long a purged dead letter stays in the journal.</summary>
public sealed class DlqOptions
{
    /// <summary>Purged dead letters older than this (by their purge) leave the journal and the index.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(30);

    public void Validate()
    {
        if (Retention < Tasks.RetentionSweeper.MinRetention)
            throw new RunnerConfigurationException("Dlq:Retention", $"must be at least {Tasks.RetentionSweeper.MinRetention} (got {Retention}); e.g. 30.00:00:00");
    }
}
