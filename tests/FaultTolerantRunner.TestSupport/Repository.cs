namespace FaultTolerantRunner.TestSupport;

/// <summary>The checkout the tests run from, for tests that check files beside the code (docker/, cluster-config/, READMEs).</summary>
public static class Repository
{
    private static readonly Lazy<string> FoundRoot = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "FaultTolerantRunner.sln"))) return dir.FullName;
        throw new InvalidOperationException($"no FaultTolerantRunner.sln above {AppContext.BaseDirectory}");
    });

    /// <summary>The directory that holds FaultTolerantRunner.sln.</summary>
    public static string Root => FoundRoot.Value;

    public static string PathTo(params string[] parts) => Path.Combine([Root, .. parts]);
}
