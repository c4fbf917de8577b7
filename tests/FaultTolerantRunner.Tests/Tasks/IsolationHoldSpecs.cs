using FaultTolerantRunner.Supervision;
using FaultTolerantRunner.Tasks;
using FaultTolerantRunner.Tests.Support;
using Xunit.Abstractions;
using TaskStatus = FaultTolerantRunner.Tasks.TaskStatus;
using FaultTolerantRunner.Taxonomy;

namespace FaultTolerantRunner.Tests.Tasks;

/// <summary>
/// Isolation refuses new tasks at the node that receives them, but a task accepted elsewhere may live on the isolated node
/// (sharding places it by id): no attempt of a task accepted after the isolation starts there until an operator re-enables
/// the tool, or the task's deadline passes and it is dead-lettered, requeueable. Tasks accepted before it go on.
/// </summary>
public sealed class IsolationHoldSpecs(ITestOutputHelper output) : SqliteTaskSpec("isolation-hold", output)
{
    private static ToolIsolation Isolated(string tool, DateTimeOffset? since = null)
    {
        var isolation = new ToolIsolation();
        isolation.Isolate(new IsolatedTool(tool, "test: a critical failure", "task-critical", since ?? DateTimeOffset.UtcNow));
        return isolation;
    }

    [Fact]
    public void A_task_accepted_before_the_isolation_goes_on()
    {
        // The isolation's time is what counts: here it began after the task's acceptance.
        var isolation = Isolated("echo", since: DateTimeOffset.UtcNow.AddMinutes(1));
        var done = Run(TestSystems.Runtime(isolation: isolation), TestSystems.Spec("echo", """{"text":"older"}"""), TaskStatus.Succeeded);

        Assert.Single(done.Attempts);
        Assert.DoesNotContain(done.History, h => h.Event == "held-by-isolation");
    }

    [Fact]
    public void A_task_whose_tool_is_isolated_here_is_held_without_an_attempt_and_runs_once_re_enabled()
    {
        var isolation = Isolated("echo");
        var (entity, id) = Submit(TestSystems.Runtime(isolation: isolation), TestSystems.Spec("echo", """{"text":"held"}"""));

        var held = AwaitStatus(entity, id, TaskStatus.WaitingForService);
        Assert.Empty(held.Attempts);
        Assert.Contains(held.History, h => h.Event == "held-by-isolation" && h.Detail!.Contains("isolated on test-node", StringComparison.Ordinal));

        Assert.True(isolation.Enable("echo"));
        var done = AwaitStatus(entity, id, TaskStatus.Succeeded, TimeSpan.FromSeconds(15));
        Assert.Single(done.Attempts);
        Assert.Single(done.History, h => h.Event == "held-by-isolation");
    }

    [Fact]
    public void A_task_held_past_its_deadline_is_dead_lettered_with_what_to_do()
    {
        var (entity, id) = Submit(TestSystems.Runtime(isolation: Isolated("echo")), new TaskSpec("echo", "{}", null, null, DeadlineSeconds: 1));

        var dead = AwaitStatus(entity, id, TaskStatus.DeadLettered, TimeSpan.FromSeconds(15));
        Assert.Empty(dead.Attempts);
        Assert.Equal("FaultTolerantRunner.ToolIsolated", dead.LastError!.Type);
        Assert.Equal(ErrorCategory.Critical, dead.LastError.Category);
        Assert.Contains("ftr tools enable echo", dead.LastError.Advice, StringComparison.Ordinal);
    }
}
