using FaultTolerantRunner.Hosting;

namespace FaultTolerantRunner.Node;

/// <summary>How the node host reads its own sections (<c>Security</c>, <c>Dashboard</c>): strictly, each mistake an error naming the key.</summary>
internal static class NodeSettings
{
    /// <summary>An unknown key under <paramref name="section"/> is an error, with the closest known key when one is near.</summary>
    public static void RejectUnknown(IConfigurationSection section, params string[] known)
    {
        foreach (var child in section.GetChildren())
        {
            if (known.Contains(child.Key, StringComparer.OrdinalIgnoreCase)) continue;
            var closest = Problems.Suggest.Closest(child.Key, known);
            throw new RunnerConfigurationException(child.Path, closest is not null
                ? $"is not a known setting; did you mean '{section.Key}:{closest}'?"
                : $"is not a known setting; known: {string.Join(", ", known.Select(k => $"{section.Key}:{k}"))}");
        }
    }

    /// <summary><c>true</c> or <c>false</c>; absent is <paramref name="fallback"/>.</summary>
    public static bool Flag(IConfigurationSection section, string key, bool fallback)
    {
        var text = section[key];
        if (text is null) return fallback;
        return bool.TryParse(text, out var value)
            ? value
            : throw new RunnerConfigurationException($"{section.Key}:{key}", $"must be true or false (got '{text}')");
    }
}
