namespace FaultTolerantRunner.Breakers;

/// <summary>The three states of a circuit breaker.</summary>
public enum BreakerStatus
{
    Closed,
    Open,
    HalfOpen,
}

/// <summary>One state change, with its time and the reason, as operators read it.</summary>
public sealed record BreakerTransition(DateTimeOffset At, BreakerStatus From, BreakerStatus To, string Reason) : Serialization.IFtrSerializable;

/// <summary>What a call reports back: only errors of the service's own making count as failures.</summary>
public enum CallOutcome
{
    Success,
    Failure,

    /// <summary>E.g. a validation error from the caller: says nothing about the service's health.</summary>
    Ignored,
}
