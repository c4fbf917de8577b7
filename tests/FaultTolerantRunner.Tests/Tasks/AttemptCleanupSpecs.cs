using System.Collections.Concurrent;
using Akka.Actor;
using Akka.TestKit.Xunit2;
using FaultTolerantRunner.Tasks;
using FaultTolerantRunner.Tests.Support;
using FaultTolerantRunner.Tools;
using FaultTolerantRunner.Tools.Processes;
using Xunit.Abstractions;
using TaskStatus = FaultTolerantRunner.Tasks.TaskStatus;
using FaultTolerantRunner.Taxonomy;

namespace FaultTolerantRunner.Tests.Tasks;

public sealed class AttemptCleanupSpecs(ITestOutputHelper output) : SqliteTaskSpec("cleanup-specs", output)
{
    [Theory]
    [InlineData("succeed", TaskStatus.Succeeded)]
    [InlineData("fail", TaskStatus.DeadLettered)]
    [InlineData("hang", TaskStatus.DeadLettered)]
    public void Registered_cleanups_run_newest_first_and_the_temp_directory_is_removed(string behaviour, TaskStatus expected)
    {
        var cleanups = new ConcurrentQueue<string>();
        string? tempDirectory = null;
        var runtime = TestSystems.Runtime(new Dictionary<string, Func<ITaskHandler>>
        {
            ["work"] = () => new ScriptedTool(async (context, token) =>
            {
                tempDirectory = context.TempDirectory;
                await File.WriteAllTextAsync(Path.Combine(tempDirectory, "partial.out"), "data", token);
                context.RegisterCleanup(() => { cleanups.Enqueue("first"); return ValueTask.CompletedTask; });
                context.RegisterCleanup(() => { cleanups.Enqueue("second"); return ValueTask.CompletedTask; });
                if (behaviour == "fail") throw new IOException("No space left on device");
                if (behaviour == "hang") await Task.Delay(Timeout.Infinite, CancellationToken.None);
                return ToolResult.Empty;
            }),
        }, retry: TestSystems.NoRetry);

        var task = Run(runtime, TestSystems.Spec("work", timeoutSeconds: 1), expected);

        Assert.Equal(expected, task.Status);
        // The outcome is journaled first; the runner releases the attempt's resources right after.
        AwaitAssert(() =>
        {
            Assert.Equal(["second", "first"], cleanups);
            Assert.NotNull(tempDirectory);
            Assert.False(Directory.Exists(tempDirectory), "the attempt's temp directory must be deleted");
        }, TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void A_timed_out_process_tool_has_its_whole_process_tree_killed()
    {
        var pids = Path.Combine(Database.Directory, "pids");
        Directory.CreateDirectory(pids);
        var options = new ProcessToolOptions
        {
            Command = "/bin/sh",
            // The child ignores SIGTERM, so only the kill after the grace period can stop it.
            Arguments = ["-c", "echo $$ > {pids}/parent; (trap '' TERM; exec sleep 300) & echo $! > {pids}/child; wait"],
            Parameters = new() { ["pids"] = new ProcessParameterOptions { Type = "String", Required = true } },
        };
        var runtime = TestSystems.Runtime(new Dictionary<string, Func<ITaskHandler>>
        {
            ["spawner"] = () => ProcessToolFactory.Create("spawner", options),
        }, retry: TestSystems.NoRetry);

        var task = Run(runtime, TestSystems.Spec("spawner", $$"""{"pids":"{{pids}}"}""", timeoutSeconds: 1), TaskStatus.DeadLettered, TimeSpan.FromSeconds(15));

        Assert.Equal(ErrorCategory.Timeout, task.LastError!.Category);
        var parent = int.Parse(File.ReadAllText(Path.Combine(pids, "parent")).Trim());
        var child = int.Parse(File.ReadAllText(Path.Combine(pids, "child")).Trim());
        AwaitAssert(() =>
        {
            Assert.False(ProcessTree.IsAlive(parent), $"parent {parent} must be gone");
            Assert.False(ProcessTree.IsAlive(child), $"child {child} (ignores SIGTERM) must be killed after the grace period");
            // The dead-letter is journaled when the verdict is decided; the runner releases the attempt's
            // temp directory right after, so it is awaited like the processes, not asserted at once.
            Assert.Empty(Directory.GetDirectories(Path.Combine(Path.GetTempPath(), "ftr"), task.Id + "*"));
        }, TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void A_failing_process_tool_reports_its_exit_code_and_stderr()
    {
        var options = new ProcessToolOptions { Command = "/bin/sh", Arguments = ["-c", "echo 'disk quota exceeded' >&2; exit 3"] };
        var runtime = TestSystems.Runtime(new Dictionary<string, Func<ITaskHandler>>
        {
            ["failing"] = () => ProcessToolFactory.Create("failing", options),
        }, retry: TestSystems.NoRetry);

        var task = Run(runtime, TestSystems.Spec("failing"), TaskStatus.DeadLettered);

        Assert.Equal(typeof(ProcessFailedException).FullName, task.LastError!.Type);
        Assert.Contains("exited with code 3", task.LastError.Message);
        Assert.Contains("disk quota exceeded", task.LastError.Message);
    }
}
