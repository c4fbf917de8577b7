namespace FaultTolerantRunner.Contracts;

/// <summary>
/// A circuit breaker as this node holds it: its state (the same on every node of a cluster), this node's sampling window,
/// its transitions and the options it runs with. <c>Epoch</c> counts the breaker's transitions cluster-wide; <c>ChangedBy</c>
/// is the node whose transition (or operator's trip/reset) made the current state; <c>ProbingOn</c> the node holding the
/// half-open probe when it is another one (this node fast-fails meanwhile).
/// </summary>
public sealed record BreakerView(
    string Service,
    string State,
    bool Forced,
    BreakerWindowView Window,
    DateTimeOffset? NextHalfOpenAt,
    double CurrentBreakSeconds,
    IReadOnlyList<BreakerTransitionView> Transitions,
    BreakerOptionsView Options,
    long Epoch = 0,
    string? ChangedBy = null,
    string? ProbingOn = null);
