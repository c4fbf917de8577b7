using FaultTolerantRunner.SelfHealing;
using FaultTolerantRunner.Tasks;

namespace FaultTolerantRunner.Tests.Tasks;

/// <summary>The node's attempt slots as bookkeeping: limits, the queue's order, AIMD, and waiting for a resource, without actors.</summary>
public sealed class SlotBookSpecs
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);

    private static SlotRequest Ask(string id, string tool = "sleep", TaskPriority priority = TaskPriority.Normal, int second = 0) =>
        new(id, tool, priority, T0.AddSeconds(second));

    [Fact]
    public void The_node_limit_bounds_the_slots_and_a_freed_slot_goes_to_the_queue_by_priority_then_acceptance()
    {
        var book = new SlotBook(nodeLimit: 2);
        Assert.True(book.TryAcquire(Ask("a")).Granted);
        Assert.True(book.TryAcquire(Ask("b", second: 1)).Granted);

        var refused = book.TryAcquire(Ask("c-normal-early", second: 2));
        book.TryAcquire(Ask("d-low", priority: TaskPriority.Low, second: 3));
        book.TryAcquire(Ask("e-normal-late", second: 4));
        book.TryAcquire(Ask("f-high-latest", priority: TaskPriority.High, second: 5));

        Assert.False(refused.Granted);
        Assert.Contains("Tasks:MaxConcurrentAttempts", refused.Reason);
        Assert.Equal(4, book.Queued);
        Assert.Equal(["f-high-latest"], book.Release("a"));
        Assert.Equal(["c-normal-early"], book.Release("b"));
        Assert.Equal(["e-normal-late"], book.Release("f-high-latest"));
        Assert.Equal(["d-low"], book.Release("c-normal-early"));
        Assert.Equal(2, book.Held);
        Assert.Equal(0, book.Queued);
    }

    [Fact]
    public void A_newcomer_never_overtakes_a_queued_task_and_asking_again_neither_queues_twice_nor_takes_a_second_slot()
    {
        var book = new SlotBook(nodeLimit: 1);
        book.TryAcquire(Ask("a"));
        book.TryAcquire(Ask("b", second: 1));
        book.TryAcquire(Ask("b", second: 1));

        Assert.Equal(1, book.Queued);
        Assert.Equal(["b"], book.Release("a")); // granted at release, before any newcomer can ask
        Assert.False(book.TryAcquire(Ask("newcomer", second: 2)).Granted);
        Assert.True(book.TryAcquire(Ask("b", second: 1)).Granted);
        Assert.Equal(1, book.Held);
    }

    [Fact]
    public void A_tool_at_its_limit_waits_while_other_tools_take_the_free_slots()
    {
        var book = new SlotBook(nodeLimit: 4, new Dictionary<string, int> { ["gpu"] = 1 });
        Assert.True(book.TryAcquire(Ask("g1", "gpu")).Granted);
        var refused = book.TryAcquire(Ask("g2", "gpu", second: 1));
        Assert.True(book.TryAcquire(Ask("e1", "echo", second: 2)).Granted);

        Assert.False(refused.Granted);
        Assert.Contains("Tools:Concurrency", refused.Reason);
        Assert.Equal(1, book.WaitingOf("gpu"));
        Assert.Empty(book.Release("e1"));
        Assert.Equal(["g2"], book.Release("g1"));
    }

    [Theory]
    [InlineData(8, 4)]
    [InlineData(3, 1)]
    [InlineData(1, 1)]
    public void A_resource_failure_halves_the_limit_down_to_one(int limit, int after) => Assert.Equal(after, AimdLimit.AfterResourceFailure(limit));

    [Fact]
    public void A_success_on_an_unbounded_node_keeps_the_limit_unbounded()
    {
        var book = new SlotBook(nodeLimit: int.MaxValue);
        book.Settle("echo", succeeded: true, resourceFailure: false);

        Assert.Equal(int.MaxValue, book.LimitOf("echo"));
        Assert.True(book.TryAcquire(new SlotRequest("t1", "echo", FaultTolerantRunner.SelfHealing.TaskPriority.Normal, DateTimeOffset.UtcNow)).Granted);
    }

    [Fact]
    public void The_limit_shrinks_while_resource_failures_repeat_and_grows_back_by_one_per_success_to_the_configured_limit()
    {
        var book = new SlotBook(nodeLimit: 16, new Dictionary<string, int> { ["db"] = 8 });
        var limits = new List<int>();
        foreach (var _ in Enumerable.Range(0, 4)) { book.Settle("db", succeeded: false, resourceFailure: true); limits.Add(book.LimitOf("db")); }
        foreach (var _ in Enumerable.Range(0, 9)) { book.Settle("db", succeeded: true, resourceFailure: false); limits.Add(book.LimitOf("db")); }

        Assert.Equal([4, 2, 1, 1, 2, 3, 4, 5, 6, 7, 8, 8, 8], limits);
        Assert.Equal(16, book.LimitOf("echo")); // other tools keep the node's limit
    }

    [Fact]
    public void A_task_waiting_for_a_resource_is_woken_when_another_attempt_of_its_tool_frees_its_slot()
    {
        var book = new SlotBook(nodeLimit: 4);
        book.TryAcquire(Ask("running", "db"));
        book.Running("running", "db", attempt: 1);
        book.TryAcquire(Ask("reserved", "db"));
        book.AwaitResource(Ask("waiter", "db", second: 1));
        book.AwaitResource(Ask("other-tool", "echo", second: 1));

        Assert.Equal(2, book.WaitingOf("db") + book.WaitingOf("echo"));
        Assert.Empty(book.Release("reserved")); // no attempt ran in that slot: nothing was freed
        Assert.Equal(["waiter"], book.Release("running"));
        Assert.Equal(0, book.WaitingOf("db"));
        Assert.Equal(1, book.WaitingOf("echo"));
    }

    [Fact]
    public void A_concurrency_limit_for_a_tool_the_node_does_not_run_is_refused_at_start_naming_the_key()
    {
        var tools = new FaultTolerantRunner.Tools.ToolRegistry(new Dictionary<string, Func<FaultTolerantRunner.Tools.ITaskHandler>>
        {
            ["sleep"] = () => new FaultTolerantRunner.Tools.BuiltIn.SleepTool(),
        });

        var error = Assert.Throws<FaultTolerantRunner.Hosting.RunnerConfigurationException>(() =>
            AttemptSlots.Create(new TaskOptions(), new Dictionary<string, int> { ["slep"] = 2 }, tools));

        Assert.Equal("Tools:Concurrency:slep", error.Key);
        Assert.Contains("known tools: sleep", error.Message);
        Assert.Equal(3, AttemptSlots.Create(new TaskOptions { MaxConcurrentAttempts = 3 }, new Dictionary<string, int> { ["sleep"] = 1 }, tools).NodeLimit);
    }
}
