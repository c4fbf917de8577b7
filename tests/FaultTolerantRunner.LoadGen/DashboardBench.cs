using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using FaultTolerantRunner.Persistence;
using FaultTolerantRunner.Tasks;
using FaultTolerantRunner.TestSupport;

namespace FaultTolerantRunner.LoadGen;

/// <summary>
/// The dashboard with a big history (issue 17: "with 100,000 tasks in the index, the tasks page renders in under 300 ms"):
/// seeds a SQLite journal with <see cref="DashboardSeed"/>, starts a real node process on it, waits until its task index
/// has caught up with every task, then times each page and its API counterpart one request at a time (server time plus
/// transfer of the whole body over loopback, as a browser's first byte to last byte).
/// </summary>
public static class DashboardBench
{
    private const int WarmUp = 10;

    public sealed record Target(string Name, string Path);

    /// <param name="CpuMs">The node process's CPU time per timed request (all its threads: what a request costs it, whatever the machine's load).</param>
    public sealed record Timing(Target Target, int Status, long Bytes, double ColdMs, double P50Ms, double P95Ms, double MaxMs, double MeanMs, double CpuMs);

    public static IReadOnlyList<Target> Targets(int tasks)
    {
        var deep = Math.Max(0, tasks - 1_000);
        // The newest dead-lettered task (its number is 7 modulo DeadLetteredEvery): a detail page with an error to show.
        var detail = DashboardSeed.Id(tasks - 1 - (tasks - 1 - 7) % DashboardSeed.DeadLetteredEvery);
        return
        [
            new("overview page", "/dashboard"),
            new("tasks page, default (newest 50)", "/dashboard/tasks"),
            new($"tasks page, deep (offset {deep:N0})", $"/dashboard/tasks?offset={deep}"),
            new("tasks page, state=DeadLettered", "/dashboard/tasks?state=DeadLettered"),
            new($"tasks page, q={DashboardSeed.Needle}", $"/dashboard/tasks?q={DashboardSeed.Needle}"),
            new("task detail page (dead-lettered)", $"/dashboard/tasks/{detail}"),
            new("GET /api/tasks, default", "/api/tasks"),
            new($"GET /api/tasks, offset {deep:N0}", $"/api/tasks?offset={deep}"),
            new("GET /api/tasks, state=DeadLettered", "/api/tasks?state=DeadLettered"),
            new($"GET /api/tasks, q={DashboardSeed.Needle}", $"/api/tasks?q={DashboardSeed.Needle}"),
            new("GET /api/tasks/{id} (same task)", $"/api/tasks/{detail}"),
        ];
    }

    public static async Task<string> RunAsync(Settings settings, string outPath)
    {
        var loadBefore = ResultWriter.LoadAverage();
        var storage = StorageTarget.Sqlite(settings.DataDirectory, "dashboard");
        var options = new PersistenceOptions { Provider = PersistenceProvider.Sqlite, ConnectionString = storage.ConnectionString }.Validate();
        var seeded = await DashboardSeed.RunAsync(options, settings.DashboardTasks, settings.Limit);
        Console.WriteLine($"seeded {seeded.Tasks:N0} tasks ({seeded.Events:N0} events) in {seeded.Elapsed.TotalSeconds:0.0} s");

        var port = FreePort.Next();
        // The index keeps every task it is asked to list only while its capacity is above the task count.
        var capacity = Math.Max(TaskDefaults.IndexCapacity, settings.DashboardTasks * 2);
        string[] args =
        [
            $"--urls=http://127.0.0.1:{port}", "--Cluster:Hostname=127.0.0.1", $"--Cluster:Port={FreePort.Next()}",
            $"--Persistence:Provider={storage.Provider}", $"--Persistence:ConnectionString={storage.ConnectionString}",
            $"--Tasks:IndexCapacity={capacity}", "--Logging:LogLevel:Default=Warning", .. settings.NodeArgs,
        ];
        var started = Stopwatch.StartNew();
        await using var node = NodeProcess.Start(args);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(60) };
        try
        {
            await Eventually.Until(() => http.GetAsync("/health/ready"), r => r.IsSuccessStatusCode, TimeSpan.FromSeconds(90), "node ready");
            var ready = started.Elapsed;
            var index = await Eventually.Until(async () => (await http.GetFromJsonAsyncSafe("/api/diagnostics"))?["taskIndex"],
                i => i is not null && (bool)i["caughtUp"]! && (int)i["tasks"]! >= settings.DashboardTasks, settings.Limit, "task index caught up");
            var caughtUp = started.Elapsed;
            var workingSet = WorkingSetMb(node.Id);
            Console.WriteLine($"node ready in {ready.TotalSeconds:0.0} s, index caught up ({index!["tasks"]} tasks) at {caughtUp.TotalSeconds:0.0} s, working set {workingSet:0} MiB");

            var timings = new List<Timing>();
            foreach (var target in Targets(settings.DashboardTasks))
            {
                var timing = await MeasureAsync(http, target, settings.Requests, node.Id);
                timings.Add(timing);
                Console.WriteLine($"{target.Name,-40} {timing.Status} {timing.Bytes,8} B cold {timing.ColdMs,7:0.0} p50 {timing.P50Ms,7:0.0} p95 {timing.P95Ms,7:0.0} max {timing.MaxMs,7:0.0} ms, node CPU {timing.CpuMs,6:0.0} ms/request");
            }
            var markdown = Markdown(settings, seeded, ready, caughtUp, workingSet, WorkingSetMb(node.Id), capacity, timings, loadBefore);
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(outPath))!);
            await File.WriteAllTextAsync(outPath, markdown);
            return markdown;
        }
        catch
        {
            await Console.Error.WriteLineAsync("node output:\n" + node.Output);
            throw;
        }
    }

    private static async Task<JsonNode?> GetFromJsonAsyncSafe(this HttpClient http, string path)
    {
        using var response = await http.GetAsync(path);
        return response.IsSuccessStatusCode ? JsonNode.Parse(await response.Content.ReadAsStringAsync()) : null;
    }

    /// <summary>The first request alone (cold: JIT, an entity's recovery), then warm-up, then <paramref name="requests"/> timed ones in a row.</summary>
    private static async Task<Timing> MeasureAsync(HttpClient http, Target target, int requests, int pid)
    {
        var (status, bytes, cold) = await TimeOneAsync(http, target.Path);
        for (var i = 1; i < WarmUp; i++) await TimeOneAsync(http, target.Path);
        var samples = new double[requests];
        var cpuBefore = CpuTime(pid);
        for (var i = 0; i < requests; i++) (_, _, samples[i]) = await TimeOneAsync(http, target.Path);
        var cpu = (CpuTime(pid) - cpuBefore).TotalMilliseconds / requests;
        Array.Sort(samples);
        return new Timing(target, status, bytes, cold, Percentile(samples, 0.50), Percentile(samples, 0.95), samples[^1], samples.Average(), cpu);
    }

    private static async Task<(int Status, long Bytes, double Ms)> TimeOneAsync(HttpClient http, string path)
    {
        var watch = Stopwatch.StartNew();
        using var response = await http.GetAsync(path, HttpCompletionOption.ResponseContentRead);
        var body = await response.Content.ReadAsByteArrayAsync();
        return ((int)response.StatusCode, body.LongLength, watch.Elapsed.TotalMilliseconds);
    }

    private static double Percentile(double[] sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];

    private static TimeSpan CpuTime(int pid)
    {
        using var process = Process.GetProcessById(pid);
        return process.TotalProcessorTime;
    }

    private static double WorkingSetMb(int pid)
    {
        using var process = Process.GetProcessById(pid);
        return process.WorkingSet64 / 1024.0 / 1024.0;
    }

    private static string Markdown(Settings settings, DashboardSeed.Seeded seeded, TimeSpan ready, TimeSpan caughtUp, double workingSet,
        double workingSetAfter, int capacity, IReadOnlyList<Timing> timings, string loadBefore)
    {
        var text = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        text.AppendLine(c, $"# Load generator: dashboard, {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC");
        text.AppendLine();
        text.Append(c, $"Machine: {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, ")
            .AppendLine(c, $"{System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}; load average before {loadBefore}, after {ResultWriter.LoadAverage()}.");
        text.AppendLine();
        text.Append(c, $"Journal: SQLite, {seeded.Tasks:N0} tasks ({seeded.Events:N0} events) seeded in {seeded.Elapsed.TotalSeconds:0.0} s ")
            .Append(c, $"(1 in {DashboardSeed.DeadLetteredEvery} dead-lettered, 1 in {DashboardSeed.RunningEvery} running, the rest succeeded; ")
            .AppendLine(c, $"'{DashboardSeed.Needle}' in the parameters of 1 in {DashboardSeed.NeedleEvery}).");
        text.Append(c, $"Node: a child process, `Tasks:IndexCapacity={capacity}`; ready after {ready.TotalSeconds:0.0} s, index caught up with all ")
            .AppendLine(c, $"tasks after {caughtUp.TotalSeconds:0.0} s; working set {workingSet:0} MiB after catch-up, {workingSetAfter:0} MiB after the requests.");
        text.Append(c, $"Each row: the first request (cold), {WarmUp - 1} more warm-up requests, then {settings.Requests} timed requests one after ")
            .AppendLine("another (request start to last byte of the body, loopback, one client).");
        text.AppendLine();
        text.AppendLine("| request | path | status | bytes | cold ms | p50 ms | p95 ms | max ms | mean ms | node CPU ms/request |");
        text.AppendLine("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var t in timings)
            text.AppendLine(c, $"| {t.Target.Name} | `{t.Target.Path}` | {t.Status} | {t.Bytes:N0} | {t.ColdMs:0.0} | {t.P50Ms:0.0} | {t.P95Ms:0.0} | {t.MaxMs:0.0} | {t.MeanMs:0.0} | {t.CpuMs:0.0} |");
        return text.ToString();
    }
}
