using FaultTolerantRunner.Tasks;

namespace FaultTolerantRunner.Supervision;

/// <summary>What happens after a failed attempt: the error as journaled and whether another attempt follows.</summary>
public sealed record FailureVerdict(TaskError Error, bool Retry);
