using FaultTolerantRunner.Chaos;
using FaultTolerantRunner.Taxonomy;
using FaultTolerantRunner.Tools;
using FaultTolerantRunner.Tools.BuiltIn;
using FaultTolerantRunner.Tools.Processes;

namespace FaultTolerantRunner.Tests.Chaos;

/// <summary>Hang and crash on a real attempt context: a hang outlives cancellation but not the attempt; a crash SIGKILLs the attempt's process tree.</summary>
public sealed class ChaosAttemptSpecs
{
    private const string TaskId = "0123456789abcdef0123456789abcdef";

    [Fact]
    public async Task A_hang_ignores_cancellation_and_ends_when_the_attempt_is_torn_down()
    {
        var board = new ChaosSwitchboard(new Random(1), TimeProvider.System);
        board.Enable("echo", ChaosFaults.Hang, null, 1, 0, null);
        var context = Context("echo", "{\"text\":\"hi\"}");
        using var cancel = new CancellationTokenSource();

        var attempt = board.Wrap("echo", new EchoTool()).ExecuteAsync(context, cancel.Token);
        await cancel.CancelAsync();
        var ignored = await Task.WhenAny(attempt, Task.Delay(TimeSpan.FromMilliseconds(300)));
        await context.DisposeAsync();

        Assert.NotSame(attempt, ignored);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => attempt.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task A_crash_of_an_in_process_tool_fails_the_attempt_as_a_killed_process()
    {
        var board = new ChaosSwitchboard(new Random(1), TimeProvider.System);
        board.Enable("sleep", ChaosFaults.Crash, null, 1, 100, null);
        await using var context = Context("sleep", "{\"ms\":30000}");

        var error = await Assert.ThrowsAsync<ProcessFailedException>(() =>
            board.Wrap("sleep", new SleepTool()).ExecuteAsync(context, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10)));

        Assert.Equal(ChaosFaults.KilledExitCode, error.ExitCode);
        Assert.Equal(ErrorCategory.Resource, RuleBasedClassifier.Default.Classify(error).Category);
    }

    [Fact]
    public async Task A_crash_of_a_process_tool_sigkills_its_process_tree_mid_run()
    {
        var pidFile = Path.Combine(Path.GetTempPath(), $"ftr-chaos-{Guid.NewGuid():N}.pid");
        // The tool's shell starts a grandchild and waits for it: both must die with the crash.
        var tool = new ProcessTool("nap", new ProcessToolOptions { Command = "/bin/sh", Arguments = ["-c", $"sleep 30 & echo $! > {pidFile}; wait"] }, []);
        var board = new ChaosSwitchboard(new Random(1), TimeProvider.System);
        board.Enable("nap", ChaosFaults.Crash, null, 1, 500, null);
        await using var context = Context("nap", "{}");

        var error = await Assert.ThrowsAsync<ProcessFailedException>(() =>
            board.Wrap("nap", tool).ExecuteAsync(context, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10)));
        var grandchild = int.Parse(File.ReadAllText(pidFile).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        File.Delete(pidFile);

        Assert.Equal(ChaosFaults.KilledExitCode, error.ExitCode);
        Assert.DoesNotContain("chaos", error.Message); // the tool's own report of its killed process
        await Eventually.Until(() => Task.FromResult(ProcessTree.IsAlive(grandchild)), alive => !alive, TimeSpan.FromSeconds(5), "the grandchild killed");
    }

    [Fact]
    public async Task A_switch_that_misses_lets_the_tool_run()
    {
        var board = new ChaosSwitchboard(new Random(1), TimeProvider.System);
        board.Enable("echo", ChaosFaults.Crash, null, 0, 0, null);
        await using var context = Context("echo", "{\"text\":\"hi\"}");

        var result = await board.Wrap("echo", new EchoTool()).ExecuteAsync(context, CancellationToken.None);

        Assert.NotNull(result.Value);
    }

    private static AttemptContext Context(string tool, string parameters) =>
        new(TaskId, 1, tool, ToolParameters.Parse(parameters), null, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(1));
}
