using Akka.Configuration;
using Akka.Persistence.Sql;
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
            .WithFallback(PersistenceHocon.Build(PersistenceOptions.Sqlite(databasePath)))
            .WithFallback(SqlPersistence.DefaultConfiguration);
    }

    public static TaskRuntime Runtime(IReadOnlyDictionary<string, Func<ITaskHandler>>? extraTools = null, TaskOptions? options = null)
    {
        var tools = new Dictionary<string, Func<ITaskHandler>>
        {
            ["echo"] = () => new EchoTool(),
            ["sleep"] = () => new SleepTool(),
            ["flaky"] = () => new FlakyTool(),
        };
        foreach (var (name, factory) in extraTools ?? new Dictionary<string, Func<ITaskHandler>>()) tools[name] = factory;
        return new TaskRuntime(new ToolRegistry(tools), new StopOnFailurePolicy(new BuiltInClassifier()),
            options ?? new TaskOptions { KillGrace = TimeSpan.FromMilliseconds(500) }, "test-node", TimeProvider.System);
    }

    public static TaskSpec Spec(string tool, string parameters = "{}", int? timeoutSeconds = null) =>
        new(tool, parameters, null, timeoutSeconds);
}
