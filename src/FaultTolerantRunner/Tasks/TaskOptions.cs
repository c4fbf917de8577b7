using FaultTolerantRunner.Hosting;

namespace FaultTolerantRunner.Tasks;

/// <summary>How tasks run on this node (configuration section <c>Tasks</c>).</summary>
public sealed class TaskOptions
{
    /// <summary>Used when neither the task nor its tool sets a timeout.</summary>
    public TimeSpan DefaultTimeout { get; set; } = TaskDefaults.DefaultTimeout;

    /// <summary>Upper bound on a task's <c>timeoutSeconds</c>.</summary>
    public TimeSpan MaxTimeout { get; set; } = TaskDefaults.MaxTimeout;

    /// <summary>Time between SIGTERM and SIGKILL when an attempt's processes are stopped.</summary>
    public TimeSpan KillGrace { get; set; } = TaskDefaults.KillGrace;

    /// <summary>
    /// The attempt supervisor's own restart backoff: a floor under the retry policy's delay, which the entity
    /// enforces from the journaled next-attempt time (so a restart mid-backoff neither resets nor shortens it).
    /// </summary>
    public TimeSpan MinBackoff { get; set; } = TaskDefaults.MinBackoff;

    public TimeSpan MaxBackoff { get; set; } = TaskDefaults.MaxBackoff;

    public double RandomFactor { get; set; } = TaskDefaults.RandomFactor;

    /// <summary>A finished task's entity stays in memory this long after its last message, then passivates.</summary>
    public TimeSpan PassivateFinishedAfter { get; set; } = TaskDefaults.PassivateFinishedAfter;

    public int NumberOfShards { get; set; } = TaskDefaults.NumberOfShards;

    /// <summary>Most tasks the node-local task index keeps; past it the oldest finished ones leave the index (never the journal).</summary>
    public int IndexCapacity { get; set; } = TaskDefaults.IndexCapacity;

    /// <summary>Tasks that cannot succeed go to the dead-letter queue (DeadLettered); off: they end Failed.</summary>
    public bool DeadLetterQueue { get; set; } = TaskDefaults.DeadLetterQueue;

    /// <summary>Finished tasks (succeeded, degraded, cancelled) ended longer ago than this leave the journal and the index (<see cref="RetentionSweeper"/>).</summary>
    public TimeSpan Retention { get; set; } = TaskDefaults.Retention;

    /// <summary>The pause between two retention batches (each at most <see cref="RetentionSweeper.BatchSize"/> tasks).</summary>
    public TimeSpan RetentionInterval { get; set; } = TaskDefaults.RetentionInterval;

    /// <summary>How long releasing an attempt's resources (process kill, cleanups, temp files) may take before the runner moves on.</summary>
    public TimeSpan CleanupTimeout { get; set; } = TaskDefaults.CleanupTimeout;

    /// <summary>An attempt interrupted this many times in a row (its node died, or its runner crashed) dead-letters the task as critical.</summary>
    public int MaxInterruptions { get; set; } = TaskDefaults.MaxInterruptions;

    /// <summary>How long a task may wait for an unavailable service or an isolated tool (from acceptance or its last requeue) unless it sets deadlineSeconds.</summary>
    public TimeSpan MaxServiceWait { get; set; } = TaskDefaults.MaxServiceWait;

    /// <summary>How long one compensating action may run.</summary>
    public TimeSpan CompensationTimeout { get; set; } = TaskDefaults.CompensationTimeout;

    /// <summary>Runs of a failing compensation before it is recorded as failed and raised as an alert.</summary>
    public int CompensationTries { get; set; } = TaskDefaults.CompensationTries;

    /// <summary>The wait before a failed compensation's second run; doubled for each further run, at most a minute.</summary>
    public TimeSpan CompensationBackoff { get; set; } = TaskDefaults.CompensationBackoff;

    /// <summary>
    /// On a shard hand-off (graceful leave, SIGTERM, rebalance) a running attempt may finish this long before it is
    /// stopped and run again on the task's next node; zero stops it at once. Keep it under Cluster:Sharding:HandOffTimeout.
    /// </summary>
    public TimeSpan HandOffDrain { get; set; } = TaskDefaults.HandOffDrain;

    /// <summary>
    /// How often the oldest node wakes every unfinished task it knows of (a no-op for running ones): the net that
    /// restarts a task entity stopped by a rebalance or a failed journal write. A removed member triggers a sweep at once.
    /// </summary>
    public TimeSpan ResumeSweepInterval { get; set; } = TaskDefaults.ResumeSweepInterval;

    /// <summary>
    /// Most attempts running at once on this node; more tasks wait in state WaitingForResource, without consuming an
    /// attempt, in a queue ordered by priority then acceptance (<see cref="AttemptSlots"/>). Tools:Concurrency:&lt;tool&gt; bounds one tool.
    /// Unset: <see cref="TaskDefaults.MaxConcurrentAttempts"/> (32 per core), so the documented default does not depend on the machine.
    /// </summary>
    public int? MaxConcurrentAttempts { get; set; }

    /// <summary>Furthest ahead a task's runAt or delaySeconds may lie; a longer delay is refused (400).</summary>
    public TimeSpan MaxDelay { get; set; } = TaskDefaults.MaxDelay;

    /// <summary>A handler's progress reports reach the journal at most once per attempt this often (the latest wins; see AttemptRunner).</summary>
    public TimeSpan ProgressInterval { get; set; } = TaskDefaults.ProgressInterval;

    /// <summary>Largest checkpoint (UTF-8 bytes) a handler may report with its progress.</summary>
    public int MaxCheckpointBytes { get; set; } = TaskDefaults.MaxCheckpointBytes;

    /// <summary>
    /// How often an Awaiting task asks its predecessors not yet arrived again: the pull behind the push (a predecessor
    /// entity that restarted forgot who waits for it).
    /// </summary>
    public TimeSpan AwaitRecheck { get; set; } = TaskDefaults.AwaitRecheck;

    /// <summary>The node's attempt limit in force.</summary>
    public int ConcurrentAttemptLimit => MaxConcurrentAttempts ?? TaskDefaults.MaxConcurrentAttempts;

    public void Validate()
    {
        if (MaxConcurrentAttempts is < 1 or > 100_000)
            throw new RunnerConfigurationException("Tasks:MaxConcurrentAttempts", $"must be between 1 and 100000 (got {MaxConcurrentAttempts})");
        if (ResumeSweepInterval < TimeSpan.FromSeconds(1) || ResumeSweepInterval > TimeSpan.FromHours(1))
            throw new RunnerConfigurationException("Tasks:ResumeSweepInterval", $"must be between 00:00:01 and 01:00:00 (got {ResumeSweepInterval})");
        if (HandOffDrain < TimeSpan.Zero || HandOffDrain > TimeSpan.FromMinutes(5))
            throw new RunnerConfigurationException("Tasks:HandOffDrain", $"must be between 00:00:00 and 00:05:00 (got {HandOffDrain})");
        Positive(DefaultTimeout, "Tasks:DefaultTimeout");
        Positive(MaxTimeout, "Tasks:MaxTimeout");
        Positive(MinBackoff, "Tasks:MinBackoff");
        Positive(PassivateFinishedAfter, "Tasks:PassivateFinishedAfter");
        Positive(CompensationTimeout, "Tasks:CompensationTimeout");
        Positive(CompensationBackoff, "Tasks:CompensationBackoff");
        if (CompensationTries is < 1 or > 100)
            throw new RunnerConfigurationException("Tasks:CompensationTries", $"must be between 1 and 100 (got {CompensationTries})");
        Positive(CleanupTimeout, "Tasks:CleanupTimeout");
        Positive(MaxServiceWait, "Tasks:MaxServiceWait");
        if (MaxDelay <= TimeSpan.Zero || MaxDelay > TimeSpan.FromDays(3650))
            throw new RunnerConfigurationException("Tasks:MaxDelay", $"must be between 00:00:00.001 and 3650.00:00:00 (got {MaxDelay})");
        if (AwaitRecheck < TimeSpan.FromMilliseconds(100) || AwaitRecheck > TimeSpan.FromHours(1))
            throw new RunnerConfigurationException("Tasks:AwaitRecheck", $"must be between 00:00:00.1 and 01:00:00 (got {AwaitRecheck})");
        if (MaxInterruptions is < 1 or > 1000)
            throw new RunnerConfigurationException("Tasks:MaxInterruptions", $"must be between 1 and 1000 (got {MaxInterruptions})");
        if (KillGrace < TimeSpan.Zero) throw new RunnerConfigurationException("Tasks:KillGrace", $"must not be negative (got {KillGrace})");
        if (MaxBackoff < MinBackoff)
            throw new RunnerConfigurationException("Tasks:MaxBackoff", $"must be at least Tasks:MinBackoff ({MinBackoff}); got {MaxBackoff}");
        if (RandomFactor is < 0 or > 1 || double.IsNaN(RandomFactor))
            throw new RunnerConfigurationException("Tasks:RandomFactor", $"must be between 0 and 1 (got {RandomFactor})");
        if (IndexCapacity is < 100 or > 50_000_000)
            throw new RunnerConfigurationException("Tasks:IndexCapacity", $"must be between 100 and 50000000 (got {IndexCapacity})");
        if (Retention < RetentionSweeper.MinRetention)
            throw new RunnerConfigurationException("Tasks:Retention", $"must be at least {RetentionSweeper.MinRetention} (got {Retention}); use days in production, e.g. 7.00:00:00");
        if (RetentionInterval < TimeSpan.FromMilliseconds(100) || RetentionInterval > TimeSpan.FromHours(1))
            throw new RunnerConfigurationException("Tasks:RetentionInterval", $"must be between 00:00:00.1 and 01:00:00 (got {RetentionInterval})");
        if (ProgressInterval < TimeSpan.FromMilliseconds(10) || ProgressInterval > TimeSpan.FromMinutes(10))
            throw new RunnerConfigurationException("Tasks:ProgressInterval", $"must be between 00:00:00.01 and 00:10:00 (got {ProgressInterval})");
        if (MaxCheckpointBytes is < 16 or > TaskDefaults.MaxCheckpointBytes)
            throw new RunnerConfigurationException("Tasks:MaxCheckpointBytes", $"must be between 16 and {TaskDefaults.MaxCheckpointBytes} (got {MaxCheckpointBytes})");
        if (NumberOfShards is < 1 or > 10_000)
            throw new RunnerConfigurationException("Tasks:NumberOfShards", $"must be between 1 and 10000 (got {NumberOfShards})");
    }

    private static void Positive(TimeSpan value, string key)
    {
        if (value <= TimeSpan.Zero) throw new RunnerConfigurationException(key, $"must be a positive duration such as 00:00:30 (got {value})");
    }
}
