using Akka.Actor;
using Akka.Cluster;

namespace FaultTolerantRunner.Tasks;

/// <summary>
/// Where recovery level 4 moves a task's next attempt: the oldest Up member that runs tasks (has the task role, when one
/// is set) other than the node whose attempt failed. Oldest, because it is the most stable choice every node agrees on
/// (the same member Akka picks for singletons) and it does not depend on the order members are listed in.
/// </summary>
public static class RelocationTarget
{
    /// <summary>A cluster member as relocation sees it; <paramref name="Age"/> ranks members by age (0 is the oldest).</summary>
    public sealed record Member(string Node, int Age, IReadOnlySet<string> Roles);

    /// <summary>The target, or null when no other member can run the attempt (recovery then falls through to level 5).</summary>
    /// <param name="role">The role of the members that run tasks (<c>Cluster:Roles</c>' first); null: every member does.</param>
    public static string? Choose(IEnumerable<Member> upMembers, string failedOn, string? role) =>
        upMembers.Where(m => m.Node != failedOn && (role is null || m.Roles.Contains(role)))
            .OrderBy(m => m.Age).ThenBy(m => m.Node, StringComparer.Ordinal)
            .Select(m => m.Node).FirstOrDefault();

    /// <summary>The Up members as this node sees them (none outside a cluster); gathered by the entity, chosen from by its decider.</summary>
    public static IReadOnlyList<Member> UpMembers(ActorSystem system)
    {
        if (((ExtendedActorSystem)system).Provider is not ClusterActorRefProvider) return [];
        return Cluster.Get(system).State.Members.Where(m => m.Status == MemberStatus.Up).OrderBy(m => m, Akka.Cluster.Member.AgeOrdering)
            .Select((m, age) => new Member(m.Address.ToString(), age, m.Roles.ToHashSet(StringComparer.Ordinal))).ToArray();
    }
}
