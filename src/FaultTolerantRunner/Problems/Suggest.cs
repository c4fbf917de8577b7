namespace FaultTolerantRunner.Problems;

/// <summary>"Did you mean …?" for names a user mistyped (tools, parameters, commands).</summary>
public static class Suggest
{
    public static string? Closest(string input, IEnumerable<string> candidates)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        var all = candidates.ToList();
        // An abbreviation ("params" for "parameters") shares a long prefix even when many letters are missing.
        var byPrefix = all.GroupBy(c => CommonPrefix(input, c)).MaxBy(g => g.Key);
        if (byPrefix is not null && byPrefix.Count() == 1 && byPrefix.Key >= Math.Max(3, (int)Math.Ceiling(input.Length * 0.6)))
            return byPrefix.First();
        foreach (var candidate in all)
        {
            var distance = Distance(input.ToLowerInvariant(), candidate.ToLowerInvariant());
            if (distance < bestDistance)
            {
                bestDistance = distance;
                best = candidate;
            }
        }

        // A suggestion further away than half the word is noise, not help.
        return best is not null && bestDistance <= Math.Max(2, input.Length / 2) ? best : null;
    }

    private static int CommonPrefix(string a, string b)
    {
        var n = 0;
        while (n < a.Length && n < b.Length && char.ToLowerInvariant(a[n]) == char.ToLowerInvariant(b[n])) n++;
        return n;
    }

    internal static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
