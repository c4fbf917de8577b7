using Akka.Actor;

namespace FaultTolerantRunner.Breakers;

/// <summary>Messages of the node's breakers (routed by service name through <see cref="BreakerRegistry"/>).</summary>
public static class BreakerProtocol
{
    public interface IBreakerMessage
    {
        string Service { get; }
    }

    /// <summary>May I call? Answered with <see cref="Permit"/> or <see cref="Rejected"/>.</summary>
    public sealed record Acquire(string Service) : IBreakerMessage;

    /// <param name="Epoch">The half-open round a probe permit belongs to; its report carries it back.</param>
    public sealed record Permit(string Service, bool Probe, int Epoch = 0);

    public sealed record Rejected(string Service, BreakerStatus Status, DateTimeOffset? HalfOpenAt, DateTimeOffset OpenSince, string Reason);

    /// <summary>The outcome of a permitted call.</summary>
    public sealed record Report(string Service, CallOutcome Outcome, TimeSpan Took, bool Probe, int Epoch = 0) : IBreakerMessage;

    public sealed record Trip(string Service, string Reason) : IBreakerMessage;

    public sealed record Reset(string Service, string Reason) : IBreakerMessage;

    public sealed record GetBreaker(string Service) : IBreakerMessage;

    public sealed record BreakerNotFound(string Service);

    public sealed record GetBreakers
    {
        public static readonly GetBreakers Instance = new();
    }

    /// <summary>Tell <paramref name="Waiter"/> once (with <see cref="ServiceMayBeAvailable"/>) when the breaker half-opens or closes.</summary>
    public sealed record Watch(string Service, IActorRef Waiter) : IBreakerMessage;

    public sealed record ServiceMayBeAvailable(string Service);

    /// <summary>The cluster's record of a breaker superseded what this node knew: take it on (sent by the registry).</summary>
    public sealed record Adopt(BreakerRecord Record) : IBreakerMessage
    {
        public string Service => Record.Service;
    }

    public sealed record BreakerView(
        string Service,
        BreakerStatus Status,
        bool Forced,
        int Calls,
        int Failures,
        double FailureRatio,
        DateTimeOffset? NextHalfOpenAt,
        double CurrentBreakSeconds,
        IReadOnlyList<BreakerTransition> Transitions,
        BreakerOptions Options,
        long Epoch = 0,
        string ChangedBy = "",
        string? ProbingOn = null);
}
