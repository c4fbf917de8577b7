namespace FaultTolerantRunner.Tasks;

/// <summary>
/// One bar of the throughput chart, counted by event time from <paramref name="Start"/> for the bucket's length: tasks that
/// ended Succeeded or Degraded, tasks that ended Failed or DeadLettered, and failed attempts (retried or not).
/// </summary>
public sealed record ThroughputBucket(DateTimeOffset Start, int Succeeded, int Failed, int AttemptsFailed);
