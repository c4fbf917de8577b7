using System.CommandLine;
using FaultTolerantRunner.LoadGen;

// dotnet run -c Release --project tests/FaultTolerantRunner.LoadGen -- --scenario all
var scenario = new Option<string>("--scenario")
{
    Description = "What to run: smoke, compare-sqlite, compare-pg, half-load, retry, scaling, memory, floor, all, dashboard (alone: not part of all)",
    DefaultValueFactory = _ => "smoke",
};
scenario.AcceptOnlyFromAmong("smoke", "compare-sqlite", "compare-pg", "half-load", "retry", "scaling", "memory", "floor", "all", "dashboard");
var tasks = new Option<int>("--tasks") { Description = "Tasks (jobs) per measured run", DefaultValueFactory = _ => 3000 };
var concurrency = new Option<int>("--concurrency") { Description = "Concurrent submitters (enqueuers)", DefaultValueFactory = _ => 16 };
var postgres = new Option<string>("--pg")
{
    Description = "PostgreSQL connection string; the role needs CREATEDB (each run gets a fresh database)",
    DefaultValueFactory = _ => "Host=127.0.0.1;Database=ftr;Username=ftr;Password=ftr",
};
var output = new Option<string?>("--out") { Description = "Markdown result file (a .json beside it); default results/<date>-<scenario>.md" };
var memoryTasks = new Option<int>("--memory-tasks") { Description = "Completed tasks for the memory scenario", DefaultValueFactory = _ => 20_000 };
var inFlight = new Option<int>("--in-flight") { Description = "Sleeping tasks held in flight by the memory scenario", DefaultValueFactory = _ => 10_000 };
var limit = new Option<int>("--limit-seconds") { Description = "Upper bound on each measured run", DefaultValueFactory = _ => 180 };
var workers = new Option<int>("--hangfire-workers") { Description = "Hangfire worker count", DefaultValueFactory = _ => 20 };
var dashboardTasks = new Option<int>("--dashboard-tasks") { Description = "Tasks seeded into the journal for the dashboard scenario", DefaultValueFactory = _ => 100_000 };
var requests = new Option<int>("--requests") { Description = "Timed requests per page in the dashboard scenario (after 10 warm-up)", DefaultValueFactory = _ => 50 };
var nodeArgs = new Option<string[]>("--node-arg")
{
    Description = "Extra node setting, repeatable, e.g. --node-arg=--Tasks:NumberOfShards=50",
    AllowMultipleArgumentsPerToken = false,
    DefaultValueFactory = _ => [],
};

var root = new RootCommand("FTR load generator: FTR vs Hangfire, retry overhead vs Polly, scaling and memory, in one process")
{
    scenario, tasks, concurrency, postgres, output, memoryTasks, inFlight, limit, workers, nodeArgs, dashboardTasks, requests,
};
root.SetAction(async (parse, _) =>
{
    var chosen = parse.GetValue(scenario)!;
    var settings = new Settings(chosen, parse.GetValue(tasks), parse.GetValue(concurrency), parse.GetValue(postgres)!,
        parse.GetValue(output), parse.GetValue(memoryTasks), parse.GetValue(inFlight), TimeSpan.FromSeconds(parse.GetValue(limit)),
        Path.Combine(Path.GetTempPath(), "ftr-loadgen", Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        parse.GetValue(workers), parse.GetValue(nodeArgs) ?? [], parse.GetValue(dashboardTasks), parse.GetValue(requests));
    if (settings.Tasks < 1 || settings.Concurrency < 1)
    {
        await Console.Error.WriteLineAsync("--tasks and --concurrency must be at least 1");
        return 2;
    }
    if (chosen == "dashboard")
    {
        if (settings.DashboardTasks is < 1_000 or > 10_000_000 || settings.Requests is < 1 or > 10_000)
        {
            await Console.Error.WriteLineAsync("--dashboard-tasks must be 1000 to 10000000 and --requests 1 to 10000");
            return 2;
        }
        var dashboardOut = settings.Out ?? Path.Combine("tests", "FaultTolerantRunner.LoadGen", "results", $"{DateTime.UtcNow:yyyy-MM-dd-HHmm}-dashboard.md");
        Console.WriteLine(await DashboardBench.RunAsync(settings, dashboardOut));
        Console.WriteLine($"written: {Path.GetFullPath(dashboardOut)}");
        Directory.Delete(settings.DataDirectory, recursive: true);
        return 0;
    }
    var loadBefore = ResultWriter.LoadAverage();
    var runs = new List<RunResult>();
    using var completions = new FtrCompletions();
    var scenarios = new Scenarios(settings, completions, run =>
    {
        runs.Add(run);
        Console.WriteLine($"{run.Scenario,-10} {run.System,-10} {run.Storage,-10} fail {run.FailurePercent,3}% {run.Completed,6}/{run.Tasks,-6} " +
                          $"{run.PerSecond,8:0.0}/s p50 {run.P50Ms,7:0.0} p99 {run.P99Ms,7:0.0} max {run.MaxMs,7:0.0} ms  {run.Note}");
    });
    var all = chosen == "all";
    var failed = new List<string>();
    async Task Run(bool wanted, string name, Func<Task> scenarioRun)
    {
        if (!wanted) return;
        try
        {
            await scenarioRun();
        }
        catch (Exception e)
        {
            // One failed scenario (e.g. a node not starting in time on an overloaded machine) must not lose the others' figures.
            failed.Add($"{name}: {e.GetType().Name}: {e.Message}");
            await Console.Error.WriteLineAsync($"scenario {name} failed: {e}");
        }
    }
    await Run(chosen == "smoke", "smoke", scenarios.SmokeAsync);
    await Run(all || chosen == "compare-sqlite", "compare-sqlite", () => scenarios.CompareAsync(postgres: false));
    await Run(all || chosen == "compare-pg", "compare-pg", () => scenarios.CompareAsync(postgres: true));
    await Run(all || chosen == "half-load", "half-load-sqlite", () => scenarios.HalfLoadAsync(postgres: false));
    await Run(all || chosen == "half-load", "half-load-pg", () => scenarios.HalfLoadAsync(postgres: true));
    await Run(all || chosen == "retry", "retry", () => scenarios.RetryAsync(postgres: false));
    await Run(all || chosen == "scaling", "scaling", scenarios.ScalingAsync);
    await Run(all || chosen == "memory", "memory", scenarios.MemoryAsync);
    await Run(all || chosen == "floor", "floor-sqlite", () => scenarios.FloorAsync(postgres: false));
    await Run(all || chosen == "floor", "floor-pg", () => scenarios.FloorAsync(postgres: true));

    var path = settings.Out ?? Path.Combine("tests", "FaultTolerantRunner.LoadGen", "results", $"{DateTime.UtcNow:yyyy-MM-dd-HHmm}-{chosen}.md");
    var markdown = await ResultWriter.WriteAsync(path, settings, runs, loadBefore);
    Console.WriteLine();
    Console.WriteLine(markdown);
    Console.WriteLine($"written: {Path.GetFullPath(path)} and {Path.GetFullPath(Path.ChangeExtension(path, ".json"))}");
    try
    {
        Directory.Delete(settings.DataDirectory, recursive: true);
    }
    catch (IOException)
    {
        // Best effort: SQLite files of this run only.
    }
    foreach (var failure in failed) Console.WriteLine($"FAILED {failure}");
    return failed.Count == 0 && runs.All(r => r.Completed == r.Tasks || r.Scenario == "memory") ? 0 : 1;
});
return await root.Parse(args).InvokeAsync();
