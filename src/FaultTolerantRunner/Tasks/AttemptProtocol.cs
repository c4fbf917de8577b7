using FaultTolerantRunner.Serialization;
using FaultTolerantRunner.Supervision;
using FaultTolerantRunner.Taxonomy;

namespace FaultTolerantRunner.Tasks;

/// <summary>
/// Between a task entity and its attempt runner: the entity's grandchild, or, after a relocation (recovery level 4), the
/// runner of an <see cref="AttemptHost"/> on another node, so every message here crosses nodes and has an FTR manifest.
/// </summary>
public static class AttemptProtocol
{
    /// <summary>A runner asks to start; the entity waits for the journaled retry time, journals <see cref="AttemptStarted"/>, then answers <see cref="Go"/>.</summary>
    public sealed record Starting(string TaskId) : IFtrSerializable;

    /// <param name="Guard">The breaker permit this attempt holds; the runner reports the call's outcome to it.</param>
    /// <param name="DegradedReason">Set when <paramref name="Spec"/> runs a fallback tool because the real one's service is unavailable.</param>
    /// <param name="Checkpoint">The last checkpoint an earlier attempt of the task journaled (null: none); the handler's <c>context.Checkpoint</c>.</param>
    public sealed record Go(int Attempt, TaskSpec Spec, TimeSpan Timeout, BreakerGuard? Guard = null, string? DegradedReason = null, string? Checkpoint = null) : IFtrSerializable;

    public sealed record BreakerGuard(string Service, bool Probe, int Epoch = 0) : IFtrSerializable;

    /// <summary>The task ended (cancelled or finished) before this runner could start.</summary>
    public sealed record Abort(string Reason) : IFtrSerializable;

    public sealed record Succeeded(int Attempt, string? Result, TimeSpan Took, int ItemsSkipped, string? DegradedReason = null) : IFtrSerializable;

    /// <summary>The runner's report; the entity journals it and answers with the <see cref="FailureVerdict"/>.</summary>
    public sealed record Failed(int Attempt, TaskError Error, Classification Classification, TimeSpan Took) : IFtrSerializable;

    /// <summary>The runner is done with this attempt (resources released).</summary>
    public sealed record Closed(int Attempt) : IFtrSerializable;

    /// <summary>The runner is alive and its attempt still running; an open attempt without these for too long is stuck.</summary>
    public sealed record Heartbeat(int Attempt) : IFtrSerializable;

    /// <summary>The handler's latest progress (throttled by the runner); also a heartbeat. The entity journals it for the open attempt.</summary>
    public sealed record Progress(int Attempt, double Percent, string? Message, string? Checkpoint) : IFtrSerializable;
}
