using System.Collections.Concurrent;
using FaultTolerantRunner.Tasks;
using FaultTolerantRunner.Tests.Support;
using FaultTolerantRunner.Tools;
using Xunit.Abstractions;
using TaskStatus = FaultTolerantRunner.Tasks.TaskStatus;

namespace FaultTolerantRunner.Tests.Tasks;

/// <summary>Checkpoints on a real SQLite journal: the next attempt after a failure or a real timeout resumes from the last one.</summary>
public sealed class ProgressEntitySpecs(ITestOutputHelper output) : SqliteTaskSpec("progress-specs", output)
{
    private static TaskOptions Options => new()
    {
        KillGrace = TimeSpan.Zero, MinBackoff = TimeSpan.FromMilliseconds(10), MaxBackoff = TimeSpan.FromMilliseconds(50), ProgressInterval = TimeSpan.FromMilliseconds(50),
    };

    [Fact]
    public void After_a_transient_failure_the_second_attempt_gets_the_last_checkpoint()
    {
        var seen = new ConcurrentDictionary<int, string?>();
        var runtime = TestSystems.Runtime(new Dictionary<string, Func<ITaskHandler>>
        {
            ["resumable"] = () => new ScriptedTool(async (context, _) =>
            {
                seen[context.Attempt] = context.Checkpoint;
                if (context.Attempt > 1) return ToolResult.Empty;
                await context.ReportProgressAsync(10, "first", "cp-1");
                await context.ReportProgressAsync(40, "second", "cp-2");
                await context.ReportProgressAsync(45, "no checkpoint");
                throw new IOException("connection reset");
            }),
        }, Options);

        var task = Run(runtime, TestSystems.Spec("resumable"), TaskStatus.Succeeded);

        Assert.Equal((string?)null, seen[1]);
        Assert.Equal("cp-2", seen[2]);
        Assert.Equal("cp-2", task.Checkpoint);
        // Progress is the open (or last) attempt's: attempt 2 reported none, so attempt 1's 45 % is not shown as its.
        Assert.Null(task.Progress);
        Assert.DoesNotContain(task.History, h => h.Event == "progress");
        Assert.Equal(2, task.AttemptCount);
    }

    [Fact]
    public void After_a_real_timeout_the_next_attempt_gets_the_checkpoint()
    {
        var seen = new ConcurrentDictionary<int, string?>();
        var runtime = TestSystems.Runtime(new Dictionary<string, Func<ITaskHandler>>
        {
            ["slow"] = () => new ScriptedTool(async (context, token) =>
            {
                seen[context.Attempt] = context.Checkpoint;
                if (context.Attempt > 1) return ToolResult.Empty;
                await context.ReportProgressAsync(50, "half", "half-way");
                await Task.Delay(Timeout.Infinite, token);
                return ToolResult.Empty;
            }),
        }, Options);

        var task = Run(runtime, TestSystems.Spec("slow", timeoutSeconds: 1), TaskStatus.Succeeded, TimeSpan.FromSeconds(20));

        Assert.Equal("timeout", task.LastError?.Category.ToString().ToLowerInvariant());
        Assert.Equal("half-way", seen[2]);
    }

    [Fact]
    public void The_batch_tool_resumes_after_its_failure_at_the_next_item_and_sums_each_item_once()
    {
        var task = Run(TestSystems.Runtime(options: Options), TestSystems.Spec("batch", """{"items":[1,2,"x",4,8,16],"failAt":4}"""), TaskStatus.Succeeded);

        var result = System.Text.Json.Nodes.JsonNode.Parse(task.Result!)!;
        Assert.Equal(31, result["sum"]!.GetValue<double>());
        Assert.Equal(5, result["processed"]!.GetValue<int>());
        Assert.Equal(4, result["resumedFrom"]!.GetValue<int>());
        Assert.Equal("items[2]", Assert.Single(result["skipped"]!.AsArray())!["item"]!.GetValue<string>());
        Assert.Equal(100, task.Progress!.Percent);
    }
}
