using System.Diagnostics.Metrics;

namespace FaultTolerantRunner.Telemetry;

/// <summary>The runner's OpenTelemetry instruments. Labels stay low-cardinality: tool and outcome, never a task id.</summary>
public static class RunnerMetrics
{
    public const string MeterName = "FaultTolerantRunner";

    private static readonly Meter Meter = new(MeterName, "1.0");

    private static readonly Counter<long> Submitted =
        Meter.CreateCounter<long>("ftr.tasks.submitted", "{task}", "Tasks accepted (journaled).");

    private static readonly Counter<long> Completed =
        Meter.CreateCounter<long>("ftr.tasks.completed", "{task}", "Tasks that reached a terminal state, by outcome.");

    private static readonly Counter<long> Attempts =
        Meter.CreateCounter<long>("ftr.attempts", "{attempt}", "Attempts finished, by outcome.");

    private static readonly Histogram<double> AttemptDuration =
        Meter.CreateHistogram<double>("ftr.attempt.duration", "s", "Duration of one attempt.");

    private static readonly Counter<long> Retries =
        Meter.CreateCounter<long>("ftr.retries", "{retry}", "Retries scheduled, by error category.");

    private static readonly Counter<long> Errors =
        Meter.CreateCounter<long>("ftr.errors", "{error}", "Failed attempts, by error category and severity.");

    private static readonly Counter<long> Isolations =
        Meter.CreateCounter<long>("ftr.tools.isolated", "{tool}", "Tools isolated after a critical failure.");

    private static readonly Counter<long> Compensations =
        Meter.CreateCounter<long>("ftr.compensations", "{compensation}", "Compensating actions run, by outcome.");

    private static readonly Counter<long> RecoveryActions =
        Meter.CreateCounter<long>("ftr.recovery.actions", "{action}", "Recovery actions chosen, by level and strategy.");

    private static readonly Counter<long> RecoveryLevelChanges =
        Meter.CreateCounter<long>("ftr.recovery.level.changes", "{change}", "Recovery level changes, by direction and new level.");

    private static readonly Counter<long> RecoveryOutcomes =
        Meter.CreateCounter<long>("ftr.recovery.outcomes", "{action}", "Outcomes of recovery actions (recovered or failed), by level.");

    private static readonly Histogram<double> RecoveryDuration =
        Meter.CreateHistogram<double>("ftr.recovery.duration", "s", "Time from a task's first failure to its recovery.");

    private static readonly Counter<long> Notifications =
        Meter.CreateCounter<long>("ftr.notifications", "{notification}", "Notifications raised, by severity and kind.");

    private static readonly Counter<long> NotificationDeliveries =
        Meter.CreateCounter<long>("ftr.notification.deliveries", "{delivery}", "Notification deliveries, by channel and outcome.");

    private static readonly Counter<long> SelfHealingActions =
        Meter.CreateCounter<long>("ftr.selfhealing.actions", "{action}", "Self-healing actions taken, by kind.");

    private static readonly Histogram<double> TaskDurations =
        Meter.CreateHistogram<double>("ftr.task.duration", "s", "Time from acceptance to the terminal state, by tool and outcome.");

    private static readonly Counter<long> Shed =
        Meter.CreateCounter<long>("ftr.tasks.shed", "{task}", "Submissions refused with 503 by load shedding or paused intake, by reason.");

    private static readonly Counter<long> BreakerTransitions =
        Meter.CreateCounter<long>("ftr.breaker.transitions", "{transition}", "Breaker state changes, by service and new state.");

    public static void BreakerTransition(string service, string to) =>
        BreakerTransitions.Add(1, new("service", service), new("state", to.ToLowerInvariant()));

    /// <summary>Breaker state per service: 0 closed, 1 half-open, 2 open. Services are operator-named, so the label stays bounded.</summary>
    public static void ObserveBreakers(Func<IEnumerable<KeyValuePair<string, int>>> states) =>
        Meter.CreateObservableGauge("ftr.breaker.state", () => states().Select(s => new Measurement<int>(s.Value, new KeyValuePair<string, object?>("service", s.Key))),
            "{state}", "Breaker state per service: 0 closed, 1 half-open, 2 open.");

    public static void ErrorClassified(string tool, Taxonomy.ErrorCategory category, Taxonomy.Severity severity, bool retry)
    {
        Errors.Add(1, new("tool", tool), new("category", Taxonomy.Names.Of(category)), new("severity", Taxonomy.Names.Of(severity)));
        if (retry) Retries.Add(1, new("tool", tool), new("category", Taxonomy.Names.Of(category)));
    }

    public static void ToolIsolated(string tool) => Isolations.Add(1, new KeyValuePair<string, object?>("tool", tool));

    public static void CompensationRan(string tool, bool succeeded) =>
        Compensations.Add(1, new("tool", tool), new("outcome", succeeded ? "succeeded" : "failed"));

    public static void TaskSubmitted(string tool) => Submitted.Add(1, new KeyValuePair<string, object?>("tool", tool));

    public static void TaskCompleted(string tool, string outcome) =>
        Completed.Add(1, new("tool", tool), new("outcome", outcome));

    public static void AttemptFinished(string tool, string outcome, TimeSpan duration)
    {
        Attempts.Add(1, new("tool", tool), new("outcome", outcome));
        AttemptDuration.Record(duration.TotalSeconds, new("tool", tool), new("outcome", outcome));
    }

    public static void RecoveryActionChosen(int level, string strategy) =>
        RecoveryActions.Add(1, new KeyValuePair<string, object?>("level", level), new KeyValuePair<string, object?>("strategy", strategy));

    public static void RecoveryLevelChanged(int from, int to) =>
        RecoveryLevelChanges.Add(1, new KeyValuePair<string, object?>("direction", to > from ? "up" : "down"), new KeyValuePair<string, object?>("level", to));

    public static void Recovered(Taxonomy.ErrorCategory? category, TimeSpan took) =>
        RecoveryDuration.Record(took.TotalSeconds, new KeyValuePair<string, object?>("category", Taxonomy.Names.Of(category ?? Taxonomy.ErrorCategory.Unknown)));

    public static void NotificationRaised(Taxonomy.Severity severity, string kind) =>
        Notifications.Add(1, new KeyValuePair<string, object?>("severity", Taxonomy.Names.Of(severity)), new KeyValuePair<string, object?>("kind", kind));

    public static void NotificationSent(string channel, bool succeeded) =>
        NotificationDeliveries.Add(1, new KeyValuePair<string, object?>("channel", channel), new KeyValuePair<string, object?>("outcome", succeeded ? "delivered" : "failed"));

    public static void NotificationDropped() =>
        NotificationDeliveries.Add(1, new KeyValuePair<string, object?>("channel", "webhook"), new KeyValuePair<string, object?>("outcome", "dropped"));

    public static void SelfHealingAction(string kind) => SelfHealingActions.Add(1, new KeyValuePair<string, object?>("kind", kind));

    public static void SubmissionShed(string reason) => Shed.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public static void TaskDuration(string tool, string outcome, TimeSpan took) =>
        TaskDurations.Record(took.TotalSeconds, new KeyValuePair<string, object?>("tool", tool), new KeyValuePair<string, object?>("outcome", outcome));

    private static readonly Counter<long> RetentionPruned =
        Meter.CreateCounter<long>("ftr.retention.pruned", "{task}", "Tasks deleted from the journal by retention, by kind (finished, dead-letter).");

    private static long _journalRows = -1;

    public static void Pruned(string kind, int count) => RetentionPruned.Add(count, new KeyValuePair<string, object?>("kind", kind));

    /// <summary>Rows in the journal table, as the retention sweeper last counted them (only the node that sweeps reports it).</summary>
    public static void JournalRows(long rows)
    {
        if (Interlocked.Exchange(ref _journalRows, rows) < 0)
            Meter.CreateObservableGauge("ftr.journal.rows", () => Interlocked.Read(ref _journalRows), "{row}", "Rows in the journal table (counted once per retention batch).");
    }

    /// <summary>Gauges of the node's queues: dead-letter queue, unfinished tasks, undelivered notifications.</summary>
    public static void ObserveQueues(Func<int> deadLetters, Func<int> backlog, Func<int> notificationsPending)
    {
        Meter.CreateObservableGauge("ftr.dlq.size", deadLetters, "{task}", "Tasks in the dead-letter queue (as this node's index sees the journal).");
        Meter.CreateObservableGauge("ftr.tasks.backlog", backlog, "{task}", "Unfinished tasks (accepted, running, waiting or scheduled for retry).");
        Meter.CreateObservableGauge("ftr.notifications.pending", notificationsPending, "{notification}", "Webhook notifications queued for delivery.");
    }

    /// <summary>Attempt slots per tool: attempts holding one, tasks waiting for one (or for a resource), and the tool's limit now.</summary>
    public static void ObserveSlots(Func<IEnumerable<Tasks.AttemptSlots.ToolSlots>> slots)
    {
        static KeyValuePair<string, object?> Tool(Tasks.AttemptSlots.ToolSlots s) => new("tool", s.Tool);
        Meter.CreateObservableGauge("ftr.attempts.running", () => slots().Select(s => new Measurement<int>(s.Running, Tool(s))), "{attempt}",
            "Attempts holding a slot on this node, by tool (Tasks:MaxConcurrentAttempts bounds the sum).");
        Meter.CreateObservableGauge("ftr.attempts.waiting", () => slots().Select(s => new Measurement<int>(s.Waiting, Tool(s))), "{task}",
            "Tasks waiting (WaitingForResource) for an attempt slot or a resource on this node, by tool.");
        Meter.CreateObservableGauge("ftr.attempts.limit", () => slots().Select(s => new Measurement<int>(s.Limit, Tool(s))), "{attempt}",
            "A tool's concurrency limit now: Tools:Concurrency (else the node's), halved on resource failures, grown back on successes.");
    }

    public static void RecoveryOutcome(int level, bool recovered) =>
        RecoveryOutcomes.Add(1, new KeyValuePair<string, object?>("level", level), new KeyValuePair<string, object?>("outcome", recovered ? "recovered" : "failed"));
}
