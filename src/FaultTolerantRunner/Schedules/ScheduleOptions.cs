using FaultTolerantRunner.Hosting;

namespace FaultTolerantRunner.Schedules;

/// <summary>Recurring schedules' settings (configuration section <c>Schedules</c>).</summary>
public sealed class ScheduleOptions
{
    /// <summary>An occurrence this late when its schedule gets to it is missed (a restart, a failover), and its <c>catchUp</c> decides.</summary>
    public TimeSpan MisfireThreshold { get; set; } = ScheduleDefaults.MisfireThreshold;

    /// <summary>Most missed occurrences <c>catchUp: all</c> fires after a downtime (the newest ones, oldest first).</summary>
    public int MaxCatchUp { get; set; } = ScheduleDefaults.MaxCatchUp;

    /// <summary>How often a buffered occurrence (<c>overlap: buffer-one</c>) asks whether the previous task has finished.</summary>
    public TimeSpan StatusPollInterval { get; set; } = ScheduleDefaults.StatusPollInterval;

    public ScheduleOptions Validate()
    {
        if (MisfireThreshold < TimeSpan.FromSeconds(1) || MisfireThreshold > TimeSpan.FromDays(1))
            throw new RunnerConfigurationException("Schedules:MisfireThreshold", $"must be between 00:00:01 and 1.00:00:00 (got {MisfireThreshold})");
        if (MaxCatchUp is < 1 or > 10_000)
            throw new RunnerConfigurationException("Schedules:MaxCatchUp", $"must be between 1 and 10000 (got {MaxCatchUp})");
        if (StatusPollInterval < TimeSpan.FromMilliseconds(100) || StatusPollInterval > TimeSpan.FromHours(1))
            throw new RunnerConfigurationException("Schedules:StatusPollInterval", $"must be between 00:00:00.1 and 01:00:00 (got {StatusPollInterval})");
        return this;
    }
}
