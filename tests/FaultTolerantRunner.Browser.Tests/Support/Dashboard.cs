namespace FaultTolerantRunner.Browser.Tests.Support;

/// <summary>Dashboard addresses of a node (the paths the node's DashboardPaths names) and the requirement every browser test has.</summary>
public static class Dashboard
{
    public const string Chromium = "chromium", ChromeDriver = "chromedriver";

    public static string Url(this NodeFixture node, string path = "") => $"http://{node.Address}/dashboard{path}";
}
