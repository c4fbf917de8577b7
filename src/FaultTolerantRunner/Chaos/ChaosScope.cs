namespace FaultTolerantRunner.Chaos;

/// <summary>
/// Where a switch is in force: everywhere, or on one member. Members are named by their address as <c>/api/cluster</c>
/// shows it (<c>akka.tcp://ftr@10.0.0.5:4053</c>); <c>host:port</c> is accepted as a short form of the same address.
/// </summary>
public static class ChaosScope
{
    public const string All = "all";

    /// <summary>True when the switch is in force on the node whose address is <paramref name="self"/>.</summary>
    public static bool Covers(ChaosRule rule, string self) => rule.Node is null || string.Equals(rule.Node, self, StringComparison.Ordinal);

    /// <summary>The members (of those given) on which the switch is in force, in the given order.</summary>
    public static IReadOnlyList<string> InForceOn(ChaosRule rule, IEnumerable<string> members) => members.Where(m => Covers(rule, m)).ToArray();

    /// <summary>
    /// The member address a <c>node</c> field names, or the problem with it: null or <c>all</c> is every node; otherwise it must name a
    /// current member, by full address or <c>host:port</c>.
    /// </summary>
    public static (string? Node, string? Problem) Resolve(string? input, IReadOnlyCollection<string> members)
    {
        if (input is null || string.Equals(input, All, StringComparison.OrdinalIgnoreCase)) return (null, null);
        var text = input.Trim();
        if (text.Length is 0 or > 300 || text.Any(char.IsControl))
            return (null, "node is a member address (as /api/cluster shows it), host:port, or 'all'");
        var match = members.FirstOrDefault(m => string.Equals(m, text, StringComparison.Ordinal))
                    ?? members.FirstOrDefault(m => m.EndsWith("@" + text, StringComparison.Ordinal));
        return match is null
            ? (null, $"'{text}' is not a member of this cluster; members: {(members.Count == 0 ? "(none)" : string.Join(", ", members))}")
            : (match, null);
    }
}
