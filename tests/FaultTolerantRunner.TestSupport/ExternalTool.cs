namespace FaultTolerantRunner.TestSupport;

/// <summary>A command-line tool some tests run, and the Debian package that installs it (.ci/run installs each one).</summary>
public sealed record ExternalTool(string Command, string Package)
{
    /// <summary>Validates the /metrics scrape and docker/alerts.yml.</summary>
    public static readonly ExternalTool Promtool = new("promtool", "prometheus");

    /// <summary>Validates docker/docker-compose.yml without an engine (<c>docker-compose config</c>).</summary>
    public static readonly ExternalTool DockerCompose = new("docker-compose", "docker-compose");

    /// <summary>The browser the dashboard's browser tests drive (never downloaded: Selenium is pointed at this one).</summary>
    public static readonly ExternalTool Chromium = new("chromium", "chromium");

    /// <summary>The WebDriver server for <see cref="Chromium"/>, of the same version.</summary>
    public static readonly ExternalTool ChromeDriver = new("chromedriver", "chromium-driver");

    private static readonly ExternalTool[] Known = [Promtool, DockerCompose, Chromium, ChromeDriver];

    public static ExternalTool Named(string command) =>
        Known.FirstOrDefault(t => t.Command == command)
        ?? throw new ArgumentException($"unknown tool '{command}': declare it in {nameof(ExternalTool)} with its Debian package", nameof(command));

    /// <summary>The executable on PATH, or null when the tool is not installed.</summary>
    public string? Location =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
        .Select(dir => Path.Combine(dir, Command))
        .FirstOrDefault(IsExecutable);

    public bool IsInstalled => Location is not null;

    public string Absence => $"{Command} is not installed: it comes with the Debian package '{Package}' (apt-get install {Package}; .ci/run installs it)";

    /// <summary>The tool's path; fails the test naming the package when it is absent (in CI, where the test was not skipped).</summary>
    public string Require() => Location ?? throw new Xunit.Sdk.XunitException(Absence);

    private static bool IsExecutable(string path) =>
        File.Exists(path) && (OperatingSystem.IsWindows() || (File.GetUnixFileMode(path) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0);
}
