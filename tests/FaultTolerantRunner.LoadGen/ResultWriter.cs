using System.Globalization;
using System.Text;
using System.Text.Json;

namespace FaultTolerantRunner.LoadGen;

/// <summary>Writes the runs as JSON and as a markdown table (with the machine and its load), and prints the table.</summary>
public static class ResultWriter
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public static async Task<string> WriteAsync(string markdownPath, Settings settings, IReadOnlyList<RunResult> runs, string loadBefore)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(markdownPath))!);
        var machine = new
        {
            cores = Environment.ProcessorCount,
            os = System.Runtime.InteropServices.RuntimeInformation.OSDescription,
            runtime = System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription,
            loadAverageBefore = loadBefore,
            loadAverageAfter = LoadAverage(),
        };
        var jsonPath = Path.ChangeExtension(markdownPath, ".json");
        await File.WriteAllTextAsync(jsonPath, JsonSerializer.Serialize(new { settings.Scenario, settings.Tasks, settings.Concurrency, machine, runs }, Json));
        var markdown = Markdown(settings, runs, $"{machine.cores} cores, {machine.os}, {machine.runtime}; load average before {loadBefore}, after {machine.loadAverageAfter}");
        await File.WriteAllTextAsync(markdownPath, markdown);
        return markdown;
    }

    public static string Markdown(Settings settings, IReadOnlyList<RunResult> runs, string machine)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"# Load generator: {settings.Scenario}, {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Machine: {machine}.");
        text.AppendLine();
        text.AppendLine("| scenario | system | storage | fail % | tasks | conc. | done | s | tasks/s | p50 ms | p99 ms | max ms | CPU ms/10k | RSS MiB | note |");
        text.AppendLine("| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
        foreach (var r in runs)
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {r.Scenario} | {r.System} | {r.Storage} | {r.FailurePercent} | {r.Tasks} | {r.Concurrency} | {r.Completed} | {r.Seconds:0.00} | {r.PerSecond:0.0} | {r.P50Ms:0.0} | {r.P99Ms:0.0} | {r.MaxMs:0.0} | {r.CpuMsPer10k:0} | {r.WorkingSetMb:0} | {r.Note} |");
        return text.ToString();
    }

    public static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "n/a";
        }
    }
}
