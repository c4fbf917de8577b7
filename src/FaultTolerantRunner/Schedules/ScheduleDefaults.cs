namespace FaultTolerantRunner.Schedules;

/// <summary>Defaults of <see cref="ScheduleOptions"/> and the schedules' fixed limits.</summary>
public static class ScheduleDefaults
{
    /// <summary>An occurrence later than this when its schedule gets to it counts as missed, and <c>catchUp</c> decides.</summary>
    public static readonly TimeSpan MisfireThreshold = TimeSpan.FromSeconds(5);

    /// <summary>How often a buffered occurrence asks whether the previous task has finished.</summary>
    public static readonly TimeSpan StatusPollInterval = TimeSpan.FromSeconds(1);

    /// <summary>Most missed occurrences <c>catchUp: all</c> fires (the newest ones).</summary>
    public const int MaxCatchUp = 100;

    /// <summary>After a submission that failed for now (journal slow, load shed), the occurrence is tried again this much later.</summary>
    public static readonly TimeSpan SubmitRetryDelay = TimeSpan.FromSeconds(1);

    /// <summary>Recent firings a schedule keeps in memory (the journal keeps all).</summary>
    public const int HistoryLimit = 50;

    /// <summary>Missed occurrences are counted up to this many.</summary>
    public const int MissedCountLimit = 10_000;

    public const int MaxNameLength = 100;

    public const int NumberOfShards = 30;
}
