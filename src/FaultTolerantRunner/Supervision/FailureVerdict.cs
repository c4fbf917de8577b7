using FaultTolerantRunner.Taxonomy;

namespace FaultTolerantRunner.Supervision;

/// <summary>What happens after a failed attempt: the directive and, for a retry, when the next attempt starts.</summary>
public sealed record FailureVerdict(Directive Directive, bool Retry, TimeSpan Delay, int RetryNumber, string Reason) : Serialization.IFtrSerializable;
