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

    public static void TaskSubmitted(string tool) => Submitted.Add(1, new KeyValuePair<string, object?>("tool", tool));

    public static void TaskCompleted(string tool, string outcome) =>
        Completed.Add(1, new("tool", tool), new("outcome", outcome));

    public static void AttemptFinished(string tool, string outcome, TimeSpan duration)
    {
        Attempts.Add(1, new("tool", tool), new("outcome", outcome));
        AttemptDuration.Record(duration.TotalSeconds, new("tool", tool), new("outcome", outcome));
    }
}
