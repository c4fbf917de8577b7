using FaultTolerantRunner.Serialization;
using FaultTolerantRunner.Taxonomy;

namespace FaultTolerantRunner.Notifications;

/// <summary>Something an operator should hear about; its severity decides where it goes.</summary>
/// <param name="Kind">new-error, escalation, severity-raised, dead-lettered, anomaly, self-healing, compensation-failed.</param>
/// <param name="Node">The node that raised it (for a task's error: the node of its fingerprint's recovery entity).</param>
/// <param name="TaskNode">The node whose attempt failed, if a task's: where the isolate channel stops the tool's intake.</param>
public sealed record Notification(
    string Id,
    Severity Severity,
    string Kind,
    string Subject,
    string? Fingerprint,
    string? TaskId,
    string? Tool,
    string Node,
    DateTimeOffset At,
    string? TaskNode = null) : IFtrSerializable;

/// <summary>The channels one severity goes to.</summary>
[Flags]
public enum NotificationChannels
{
    None = 0,
    Log = 1,
    Webhook = 2,
    Alert = 4,
    Incident = 8,
    /// <summary>Stop the affected tool's intake until an operator re-enables it.</summary>
    Isolate = 16,
}
