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
        NodeSettings.RejectUnknown(section, nameof(Enabled), nameof(ReadOnly));
        return new DashboardOptions
        {
            Enabled = NodeSettings.Flag(section, nameof(Enabled), true),
            ReadOnly = NodeSettings.Flag(section, nameof(ReadOnly), false),
        };
    }
}
