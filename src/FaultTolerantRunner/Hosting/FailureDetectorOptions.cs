namespace FaultTolerantRunner.Hosting;

/// <summary>The cluster's phi-accrual failure detector (section <c>Cluster:FailureDetector</c>; defaults in <see cref="ClusterDefaults"/>).</summary>
public sealed class FailureDetectorOptions
{
    /// <summary>How often each node heartbeats the nodes it monitors.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = ClusterDefaults.HeartbeatInterval;

    /// <summary>Missing heartbeats tolerated before suspicion grows: the main knob between fast detection and false alarms (GC, CPU starvation).</summary>
    public TimeSpan AcceptableHeartbeatPause { get; set; } = ClusterDefaults.AcceptableHeartbeatPause;

    /// <summary>Phi above which a node is unreachable; lower detects sooner and errs more often.</summary>
    public double Threshold { get; set; } = ClusterDefaults.Threshold;

    public void Validate()
    {
        if (HeartbeatInterval < TimeSpan.FromMilliseconds(100) || HeartbeatInterval > TimeSpan.FromMinutes(1))
            throw new RunnerConfigurationException("Cluster:FailureDetector:HeartbeatInterval", $"must be between 00:00:00.100 and 00:01:00 (got {HeartbeatInterval})");
        if (AcceptableHeartbeatPause < HeartbeatInterval || AcceptableHeartbeatPause > TimeSpan.FromMinutes(5))
            throw new RunnerConfigurationException("Cluster:FailureDetector:AcceptableHeartbeatPause",
                $"must be at least Cluster:FailureDetector:HeartbeatInterval ({HeartbeatInterval}) and at most 00:05:00 (got {AcceptableHeartbeatPause})");
        if (!double.IsFinite(Threshold) || Threshold is < 1 or > 50)
            throw new RunnerConfigurationException("Cluster:FailureDetector:Threshold", $"must be between 1 and 50 (got {Threshold})");
    }
}
