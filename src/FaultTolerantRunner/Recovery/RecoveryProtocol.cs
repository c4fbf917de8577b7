using Akka.Cluster.Sharding;
using FaultTolerantRunner.Serialization;
using FaultTolerantRunner.Taxonomy;

namespace FaultTolerantRunner.Recovery;

/// <summary>A message routed to one fingerprint's recovery entity.</summary>
public interface IRecoveryMessage : IFtrSerializable
{
    string Fingerprint { get; }
}

/// <summary>What tasks and operators say to a fingerprint's recovery entity; replies may cross nodes.</summary>
public static class RecoveryProtocol
{
    /// <summary>
    /// An attempt failed with this fingerprint. <paramref name="AttemptLevel"/> is the level of the recovery plan the
    /// failed attempt ran under (0: none); <paramref name="TaskRecoveries"/> how many plans the task already had for this
    /// fingerprint. A retryable, non-final report is answered with a <see cref="RecoveryPlan"/>.
    /// </summary>
    public sealed record ReportFailure(
        string Fingerprint,
        ErrorCategory Category,
        Severity Severity,
        string Tool,
        string TaskId,
        int Attempt,
        string Node,
        string Type,
        string Message,
        string? Details,
        string? Rule,
        bool Retryable,
        bool Final,
        int AttemptLevel,
        string? AttemptStrategy,
        int TaskRecoveries,
        bool Reducible) : IRecoveryMessage;

    /// <summary>The level and strategy for the task's next attempt; <paramref name="DeadLetter"/> at level 5.</summary>
    public sealed record RecoveryPlan(string Fingerprint, int Level, string Strategy, bool DeadLetter, string Reason) : IFtrSerializable;

    /// <summary>A task that was recovering from this fingerprint succeeded.</summary>
    public sealed record ReportRecovered(string Fingerprint, string TaskId, int Level, string Strategy, double RecoveryMs) : IRecoveryMessage;

    /// <summary>A recovery action of this fingerprint ended in a failure of another kind.</summary>
    public sealed record ReportPlanFailed(string Fingerprint, string TaskId, int Level, string Strategy) : IRecoveryMessage;

    /// <summary>A task whose last failure had this fingerprint was dead-lettered.</summary>
    /// <param name="Node">The node whose attempt failed last (absent from reports of older nodes).</param>
    public sealed record ReportDeadLettered(string Fingerprint, string TaskId, string Tool, Severity Severity, string Reason, string? Node = null) : IRecoveryMessage;

    /// <summary>Answered with the <see cref="RecoveryState"/>.</summary>
    public sealed record GetRecovery(string Fingerprint) : IRecoveryMessage;

    /// <summary>An operator puts the fingerprint back to level 1; answered with the <see cref="RecoveryState"/>.</summary>
    public sealed record ResetLevel(string Fingerprint, string Reason) : IRecoveryMessage;

    /// <summary>An operator marks the error resolved; answered with the <see cref="RecoveryState"/>.</summary>
    public sealed record Resolve(string Fingerprint, string Note) : IRecoveryMessage;
}

/// <summary>Routes recovery messages to entities by fingerprint.</summary>
public sealed class RecoveryMessageExtractor(int maxShards) : HashCodeMessageExtractor(maxShards)
{
    public const string ShardTypeName = "recovery";

    public override string? EntityId(object message) => message is IRecoveryMessage m ? m.Fingerprint : null;
}
