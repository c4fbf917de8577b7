namespace FaultTolerantRunner.Node.Dashboard;

/// <summary>Where the dashboard's pages live; page components and links use these, not literals of their own.</summary>
public static class DashboardPaths
{
    public const string Root = "/dashboard";
    public const string Assets = Root + "/assets";
    public const string Tasks = Root + "/tasks";
    public const string DeadLetters = Root + "/dlq";
    public const string Breakers = Root + "/breakers";
    public const string Recovery = Root + "/recovery";
    public const string Cluster = Root + "/cluster";
    public const string Chaos = Root + "/chaos";
    public const string Schedules = Root + "/schedules";

    public static string Task(string id) => Tasks + "/" + Uri.EscapeDataString(id);

    public static string RecoveryError(string fingerprint) => Recovery + "/" + Uri.EscapeDataString(fingerprint);

    public static string Asset(string name) => Assets + "/" + name;
}
