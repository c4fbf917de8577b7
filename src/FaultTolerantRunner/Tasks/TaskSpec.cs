using FaultTolerantRunner.Serialization;

namespace FaultTolerantRunner.Tasks;

/// <summary>What a client asked for, after validation: the tool, its parameters as canonical JSON, and limits.</summary>
public sealed record TaskSpec(string Tool, string Parameters, string? IdempotencyKey, int? TimeoutSeconds) : IFtrSerializable;
