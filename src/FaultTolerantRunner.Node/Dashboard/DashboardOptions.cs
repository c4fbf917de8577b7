using FaultTolerantRunner.Hosting;

namespace FaultTolerantRunner.Node.Dashboard;

/// <summary><c>Dashboard:*</c>: whether the node serves the web dashboard at <c>/dashboard</c>, and whether it offers actions there.</summary>
public sealed class DashboardOptions
{
    public const string Section = "Dashboard";

    /// <summary>Serve <c>/dashboard</c> (default true).</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>Show the data but no buttons that change state (default false). The API's own rules are unchanged either way.</summary>
    public bool ReadOnly { get; init; }

    /// <summary>Reads the section strictly: unknown keys and non-boolean values are errors naming the key.</summary>
    public static DashboardOptions Load(IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        string[] known = [nameof(Enabled), nameof(ReadOnly)];
        foreach (var child in section.GetChildren())
        {
            if (known.Contains(child.Key, StringComparer.OrdinalIgnoreCase)) continue;
            var closest = Problems.Suggest.Closest(child.Key, known);
            throw new RunnerConfigurationException(child.Path, closest is not null
                ? $"is not a known setting; did you mean '{Section}:{closest}'?"
                : $"is not a known setting; known: {Section}:{nameof(Enabled)}, {Section}:{nameof(ReadOnly)}");
        }
        return new DashboardOptions { Enabled = Flag(section, nameof(Enabled), true), ReadOnly = Flag(section, nameof(ReadOnly), false) };
    }

    private static bool Flag(IConfigurationSection section, string key, bool fallback)
    {
        var text = section[key];
        if (text is null) return fallback;
        return bool.TryParse(text, out var value)
            ? value
            : throw new RunnerConfigurationException($"{Section}:{key}", $"must be true or false (got '{text}')");
    }
}
