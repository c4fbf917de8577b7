using System.Collections.Immutable;
using Akka.DistributedData;
using FaultTolerantRunner.Serialization;

namespace FaultTolerantRunner.Breakers;

/// <summary>
/// Every breaker's agreed record, replicated by Akka.DistributedData: a map from service to <see cref="BreakerRecord"/>
/// whose merge keeps, per service, the greater record by <see cref="BreakerRecord.Compare"/>. That merge is commutative,
/// associative and idempotent (a per-key maximum of a total order), so late, duplicated or reordered updates cannot
/// bring back a state that a newer one replaced, and a node that joins receives the current book with the gossip.
/// </summary>
/// <param name="Records">Sorted by service (ordinal), so equal books serialize to equal bytes and gossip digests agree.</param>
public sealed record BreakerBook(ImmutableArray<BreakerRecord> Records) : IReplicatedData<BreakerBook>, IFtrSerializable
{
    public static readonly BreakerBook Empty = new(ImmutableArray<BreakerRecord>.Empty);

    public static readonly BreakerBookKey Key = new("ftr-breakers");

    public BreakerRecord? Find(string service)
    {
        var i = IndexOf(service);
        return i >= 0 ? Records[i] : null;
    }

    /// <summary>This book with <paramref name="record"/> merged in (kept only if it supersedes the one there).</summary>
    public BreakerBook With(BreakerRecord record)
    {
        var i = IndexOf(record.Service);
        if (i >= 0) return record.Supersedes(Records[i]) ? new BreakerBook(Records.SetItem(i, record)) : this;
        return new BreakerBook(Records.Insert(~i, record));
    }

    public BreakerBook Merge(BreakerBook other)
    {
        var merged = this;
        foreach (var record in other.Records) merged = merged.With(record);
        return merged;
    }

    public IReplicatedData Merge(IReplicatedData other) => Merge((BreakerBook)other);

    public bool Equals(BreakerBook? other) => other is not null && Records.SequenceEqual(other.Records);

    public override int GetHashCode() => Records.Length;

    private int IndexOf(string service)
    {
        int lo = 0, hi = Records.Length - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) / 2;
            var c = string.CompareOrdinal(Records[mid].Service, service);
            if (c == 0) return mid;
            if (c < 0) lo = mid + 1;
            else hi = mid - 1;
        }
        return ~lo;
    }
}
