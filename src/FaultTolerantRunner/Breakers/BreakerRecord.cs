using FaultTolerantRunner.Serialization;

namespace FaultTolerantRunner.Breakers;

/// <summary>
/// A breaker's state as the cluster agrees on it: one record per service in <see cref="BreakerBook"/>. Written by the
/// node where the transition happened (or the operator tripped or reset it); every other node adopts it.
/// </summary>
/// <param name="Version">Grows by one with every transition; the record with the higher version wins (the epoch).</param>
/// <param name="Node">The node that wrote it. For Open it owns the next half-open probe; for HalfOpen it holds the probe permit.</param>
/// <param name="Manual">An operator's trip or reset: it beats an automatic transition of the same version.</param>
/// <param name="HalfOpenAt">When an automatic break is over (null when closed or tripped by hand).</param>
public sealed record BreakerRecord(
    string Service,
    BreakerStatus Status,
    long Version,
    DateTimeOffset At,
    string Node,
    bool Manual,
    bool Forced,
    DateTimeOffset? HalfOpenAt,
    TimeSpan CurrentBreak,
    string Reason) : IFtrSerializable
{
    /// <summary>
    /// The total order every node merges by: version, then manual over automatic, then time, then node, then the rest,
    /// so that any two nodes that saw the same records pick the same winner whatever the order they arrived in.
    /// </summary>
    public static int Compare(BreakerRecord a, BreakerRecord b)
    {
        var c = a.Version.CompareTo(b.Version);
        if (c == 0) c = a.Manual.CompareTo(b.Manual);
        if (c == 0) c = a.At.UtcTicks.CompareTo(b.At.UtcTicks);
        if (c == 0) c = string.CompareOrdinal(a.Node, b.Node);
        if (c == 0) c = a.Status.CompareTo(b.Status);
        if (c == 0) c = string.CompareOrdinal(a.Reason, b.Reason);
        if (c == 0) c = a.Forced.CompareTo(b.Forced);
        if (c == 0) c = Nullable.Compare(a.HalfOpenAt, b.HalfOpenAt);
        if (c == 0) c = a.CurrentBreak.CompareTo(b.CurrentBreak);
        return c;
    }

    /// <summary>Does this record replace <paramref name="known"/> (null: nothing known yet)? Duplicates and older records do not.</summary>
    public bool Supersedes(BreakerRecord? known) => known is null || Compare(this, known) > 0;

    /// <summary>The record of <paramref name="state"/>'s latest transition, written by <paramref name="node"/>.</summary>
    public static BreakerRecord Of(BreakerState state, string node) => new(
        state.Service,
        state.Status,
        state.Version,
        state.Transitions.Count > 0 ? state.Transitions[^1].At : DateTimeOffset.UnixEpoch,
        node,
        state.Manual,
        state.Forced,
        state.Status == BreakerStatus.Open && !state.Forced ? state.HalfOpenAt : null,
        state.CurrentBreak,
        state.Transitions.Count > 0 ? state.Transitions[^1].Reason : "");
}
