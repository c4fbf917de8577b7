using FaultTolerantRunner.Serialization;
using FaultTolerantRunner.Tools;

namespace FaultTolerantRunner.Tasks;

/// <summary>Between a task entity, its attempt runner (registering) and its compensation runner (reporting runs).</summary>
public static class CompensationProtocol
{
    /// <summary>An attempt registers a compensation; the entity journals <see cref="CompensationRegistered"/>, then answers.</summary>
    public sealed record Register(int Attempt, string Tool, string Name, string? Data, CompensationScope Scope) : IFtrSerializable;

    public sealed record Registered(int Number) : IFtrSerializable;

    /// <summary>The attempt is no longer open (it was cancelled, timed out or ended): nothing was journaled.</summary>
    public sealed record Refused(string Reason) : IFtrSerializable;

    /// <summary>The compensation runner's outcome of one compensation, after <paramref name="Tries"/> runs.</summary>
    public sealed record Ran(int Number, bool Succeeded, string? Error, int Tries);
}
