using Akka.Configuration;
using FaultTolerantRunner.Persistence;
using FaultTolerantRunner.Supervision;
using FaultTolerantRunner.Tasks;
using FaultTolerantRunner.Taxonomy;
using FaultTolerantRunner.Tools;
using FaultTolerantRunner.Tools.BuiltIn;

namespace FaultTolerantRunner.Tests.Support;

/// <summary>Actor-system configs and task runtimes for specs: a real SQLite file per test, FTR's serializer on.</summary>
public static class TestSystems
{
    public static Config Sqlite(string databasePath)
    {
        // As the node does at start: WAL, so readers (the task index, tests) never block on writers.
        JournalProbe.PrepareSqlite(PersistenceOptions.Sqlite(databasePath));
        return ConfigurationFactory.ParseString("""
                akka.loglevel = INFO
                akka.test.single-expect-default = 10s
                akka.actor.serialize-messages = off
                akka.persistence.journal.sql.auto-initialize = on
                """)
            .WithFallback(FaultTolerantRunner.Hosting.RunnerHocon.Standalone(PersistenceOptions.Sqlite(databasePath)));
    }

    /// <summary>The default policies with millisecond delays, so retry specs run fast but keep their shape.</summary>
    public static RetryPolicies FastRetry(Func<ErrorCategory, RetryPolicy, RetryPolicy>? adjust = null) =>
        new(RetryPolicies.Defaults.ToDictionary(
            p => p.Key,
            p =>
            {
                var fast = p.Value with { BaseDelay = TimeSpan.FromMilliseconds(p.Value.BaseDelay > TimeSpan.Zero ? 50 : 0), MaxDelay = TimeSpan.FromMilliseconds(p.Value.MaxDelay > TimeSpan.Zero ? 400 : 0) };
                return adjust?.Invoke(p.Key, fast) ?? fast;
            }));

    /// <summary>No retries at all: every failure ends the task.</summary>
    public static RetryPolicies NoRetry => FastRetry((_, p) => p with { MaxRetries = 0 });

    public static TaskRuntime Runtime(IReadOnlyDictionary<string, Func<ITaskHandler>>? extraTools = null, TaskOptions? options = null,
        RetryPolicies? retry = null, ToolIsolation? isolation = null)
    {
        var tools = new Dictionary<string, Func<ITaskHandler>>
        {
            ["echo"] = () => new EchoTool(),
            ["sleep"] = () => new SleepTool(),
            ["flaky"] = () => new FlakyTool(),
            ["batch"] = () => new BatchTool(),
        };
        foreach (var (name, factory) in extraTools ?? new Dictionary<string, Func<ITaskHandler>>()) tools[name] = factory;
        return new TaskRuntime(new ToolRegistry(tools), RuleBasedClassifier.Default, retry ?? FastRetry(), isolation ?? new ToolIsolation(),
            options ?? new TaskOptions { KillGrace = TimeSpan.FromMilliseconds(500), MinBackoff = TimeSpan.FromMilliseconds(10), MaxBackoff = TimeSpan.FromMilliseconds(50) },
            "test-node", TimeProvider.System, new Random(42));
    }

    public static TaskSpec Spec(string tool, string parameters = "{}", int? timeoutSeconds = null) =>
        new(tool, parameters, null, timeoutSeconds);
}
