namespace FaultTolerantRunner.Contracts;

/// <summary>A circuit breaker of this node: its state, its sampling window, its transitions and the options it runs with.</summary>
public sealed record BreakerView(
    string Service,
    string State,
    bool Forced,
    BreakerWindowView Window,
    DateTimeOffset? NextHalfOpenAt,
    double CurrentBreakSeconds,
    IReadOnlyList<BreakerTransitionView> Transitions,
    BreakerOptionsView Options);
