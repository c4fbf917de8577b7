using Akka.Cluster;

namespace FaultTolerantRunner.Hosting;

/// <summary>
/// Which member does cluster-wide background work that every node is ready to do: the oldest Up member, as this node sees
/// the cluster. Without a singleton's hand-over, a change of the oldest may let two nodes act once, so such work is idempotent.
/// </summary>
internal static class ClusterSeniority
{
    public static bool IsOldestUpMember(Cluster cluster)
    {
        Member? oldest = null;
        foreach (var member in cluster.State.Members)
        {
            if (member.Status != MemberStatus.Up) continue;
            if (oldest is null || member.IsOlderThan(oldest)) oldest = member;
        }
        return oldest is not null && oldest.Address.Equals(cluster.SelfAddress);
    }
}
