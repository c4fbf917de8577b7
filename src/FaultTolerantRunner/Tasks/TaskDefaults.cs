namespace FaultTolerantRunner.Tasks;

/// <summary>The defaults of <see cref="TaskOptions"/> (section <c>Tasks</c>), stated once.</summary>
public static class TaskDefaults
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    public static readonly TimeSpan MaxTimeout = TimeSpan.FromDays(1);

    public static readonly TimeSpan KillGrace = TimeSpan.FromSeconds(3);

    /// <summary>
    /// Short on purpose: the retry policy's delay (transient: 1 s ×2, cap 60 s), journaled as the next-attempt time, is the
    /// real wait; the attempt supervisor's own backoff is only a floor under it and must not stretch it.
    /// </summary>
    public static readonly TimeSpan MinBackoff = TimeSpan.FromMilliseconds(100);

    public static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(1);

    public const double RandomFactor = 0.2;

    public static readonly TimeSpan PassivateFinishedAfter = TimeSpan.FromSeconds(30);

    public const int NumberOfShards = 100;

    public const int IndexCapacity = 200_000;

    public static readonly TimeSpan Retention = TimeSpan.FromDays(7);

    public static readonly TimeSpan RetentionInterval = TimeSpan.FromMinutes(1);

    public const bool DeadLetterQueue = true;

    public static readonly TimeSpan CleanupTimeout = TimeSpan.FromSeconds(30);

    public const int MaxInterruptions = 5;

    public static readonly TimeSpan MaxServiceWait = TimeSpan.FromMinutes(10);

    public static readonly TimeSpan MaxDelay = TimeSpan.FromDays(365);

    public static readonly TimeSpan CompensationTimeout = TimeSpan.FromSeconds(60);

    public const int CompensationTries = 5;

    public static readonly TimeSpan CompensationBackoff = TimeSpan.FromSeconds(1);

    public static readonly TimeSpan HandOffDrain = TimeSpan.FromSeconds(8);

    public static readonly TimeSpan ResumeSweepInterval = TimeSpan.FromSeconds(10);

    public static readonly TimeSpan AwaitRecheck = TimeSpan.FromSeconds(30);

    /// <summary>
    /// At most one journaled progress report per attempt this often: a person watching a task sees it move, a crash loses at
    /// most this much of a handler's checkpointed work, and 64 reporting attempts on a node cost 32 journal writes a second.
    /// </summary>
    public static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(2);

    /// <summary>64 KiB (UTF-8): a cursor and some totals, not a data set; it is journaled and crosses nodes in one message.</summary>
    public const int MaxCheckpointBytes = 64 * 1024;

    /// <summary>
    /// 32 attempts per core. An attempt holds its slot across its journal commits (start, verdict, outcome), not only while
    /// it computes, and most attempts wait on I/O: at 4 per core, 16 submitters of 1-ms tasks queued for slots (p50 1.5 s,
    /// 736 tasks/s on 2 cores; 1,202 tasks/s and p50 22 ms at 32 per core, LoadGen README). Still bounded: 10,000 accepted
    /// tasks never mean 10,000 processes; tools that are heavy per run get their own <c>Tools:Concurrency:&lt;tool&gt;</c>.
    /// </summary>
    public static readonly int MaxConcurrentAttempts = 32 * Environment.ProcessorCount;
}
