using Xunit.Abstractions;

namespace FaultTolerantRunner.Chaos.Tests.Support;

/// <summary>Appends a suite's summary to chaos-summary.txt beside the tests (the chaos script and CI print it) and to the test output.</summary>
public static class Report
{
    private static readonly object Gate = new();

    public static string FilePath =>
        Environment.GetEnvironmentVariable("FTR_CHAOS_SUMMARY") is { Length: > 0 } path ? path : Path.Combine(AppContext.BaseDirectory, "chaos-summary.txt");

    /// <summary>A timestamped progress line (chaos-progress.log beside the summary), to see where a long run spends its time.</summary>
    public static void Progress(ITestOutputHelper output, string line)
    {
        var text = $"{DateTime.UtcNow:HH:mm:ss.fff} {line}";
        output.WriteLine(text);
        lock (Gate) File.AppendAllText(Path.ChangeExtension(FilePath, null) + "-progress.log", text + "\n");
    }

    public static void Write(ITestOutputHelper output, string title, IEnumerable<string> lines)
    {
        var text = $"== {title} ({DateTime.UtcNow:yyyy-MM-dd HH:mm:ss} UTC)\n" + string.Join("\n", lines.Select(l => "  " + l)) + "\n";
        output.WriteLine(text);
        lock (Gate) File.AppendAllText(FilePath, text);
    }
}
