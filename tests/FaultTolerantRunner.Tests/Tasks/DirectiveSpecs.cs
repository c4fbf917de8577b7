using Akka.Actor;
using Akka.TestKit.Xunit2;
using FaultTolerantRunner.Supervision;
using FaultTolerantRunner.Tasks;
using FaultTolerantRunner.Tests.Support;
using FaultTolerantRunner.Tools;
using Xunit.Abstractions;
using TaskStatus = FaultTolerantRunner.Tasks.TaskStatus;
using FaultTolerantRunner.Taxonomy;
using FaultTolerantRunner.DeadLetters;

namespace FaultTolerantRunner.Tests.Tasks;

/// <summary>Each supervision directive of the taxonomy, carried out by a real task entity and its backoff supervisor.</summary>
public sealed class DirectiveSpecs(ITestOutputHelper output) : SqliteTaskSpec("directive-specs", output)
{
    [Fact]
    public void Restart_retries_a_transient_failure_with_growing_delays()
    {
        var task = Run(TestSystems.Runtime(), TestSystems.Spec("flaky", """{"failures":3,"category":"transient"}"""), TaskStatus.Succeeded);

        Assert.Equal(["failed", "failed", "failed", "succeeded"], task.Attempts.Select(a => a.Outcome));
        var retries = task.History.Where(h => h.Status == TaskStatus.RetryScheduled).ToList();
        Assert.Equal(3, retries.Count);
        Assert.All(retries, r => Assert.Equal((r.RetryAt!.Value - r.At).TotalMilliseconds, r.DelayMs));
        var ms = retries.Select(r => r.DelayMs!.Value).ToList();
        Assert.True(ms[0] < ms[1] && ms[1] < ms[2], $"delays must grow: {string.Join(", ", ms)}");
        Assert.All(task.Attempts.Take(3), a => Assert.Equal((ErrorCategory.Transient, FaultTolerantRunner.Taxonomy.Directive.Restart), (a.Error!.Category, a.Error.Directive)));
        for (var i = 1; i < task.Attempts.Count; i++)
            Assert.True(task.Attempts[i].StartedAt >= task.Attempts[i - 1].EndedAt!.Value.AddMilliseconds(ms[i - 1] - 5), "the next attempt waits for its delay");
    }

    [Fact]
    public void Stop_dead_letters_a_permanent_failure_after_exactly_one_attempt()
    {
        var task = Run(TestSystems.Runtime(), TestSystems.Spec("flaky", """{"failures":1,"category":"permanent"}"""), TaskStatus.DeadLettered);

        Assert.Single(task.Attempts);
        Assert.True(task.InDeadLetterQueue);
        Assert.Contains("not retried", task.History.Single(h => h.Event == "dead-lettered").Detail);
    }

    [Fact]
    public void Resume_skips_invalid_batch_items_and_the_batch_goes_on()
    {
        var task = Run(TestSystems.Runtime(), TestSystems.Spec("batch", """{"items":[1,"two",3,null,5]}"""), TaskStatus.Succeeded);

        Assert.Single(task.Attempts);
        Assert.Contains("\"sum\":9", task.Result);
        Assert.Contains("items[1]", task.Result);
        Assert.Contains("items[3]", task.Result);
        Assert.Contains("2 item(s) skipped", task.History.Single(h => h.Event == "attempt-succeeded").Detail);
    }

    [Fact]
    public void Escalate_isolates_the_tool_on_the_node_and_dead_letters_the_task()
    {
        var isolation = new ToolIsolation();
        var guardian = Sys.ActorOf(ToolGuardian.Props(isolation), ToolGuardian.Name);

        var task = Run(TestSystems.Runtime(isolation: isolation) with { ToolGuardian = guardian }, TestSystems.Spec("flaky", """{"failures":1,"category":"critical"}"""), TaskStatus.DeadLettered);

        Assert.Single(task.Attempts);
        Assert.Equal(FaultTolerantRunner.Taxonomy.Directive.Escalate, task.LastError!.Directive);
        AwaitAssert(() => Assert.Equal(task.Id, isolation.Get("flaky")?.TaskId), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void An_unknown_error_is_retried_once_then_stopped()
    {
        var runtime = TestSystems.Runtime(new Dictionary<string, Func<ITaskHandler>>
        {
            ["odd"] = () => new ScriptedTool((_, _) => throw new InvalidOperationException("the widget went sideways")),
        });

        var task = Run(runtime, TestSystems.Spec("odd"), TaskStatus.DeadLettered);

        Assert.Equal(2, task.Attempts.Count);
        Assert.All(task.Attempts, a => Assert.Equal(ErrorCategory.Unknown, a.Error!.Category));
        Assert.StartsWith("retries exhausted", task.History.Single(h => h.Event == "dead-lettered").Detail);
    }

    [Fact]
    public void A_timed_out_attempt_is_retried_with_an_extended_timeout()
    {
        // The first attempt hangs past its timeout; the second reports the timeout it was given (no race with the clock).
        var runtime = TestSystems.Runtime(new Dictionary<string, Func<ITaskHandler>>
        {
            ["slow-once"] = () => new ScriptedTool(async (context, token) =>
            {
                if (context.Attempt == 1) await Task.Delay(Timeout.Infinite, token);
                return ToolResult.Of(new { timeoutMs = context.Timeout.TotalMilliseconds });
            }),
        });

        var task = Run(runtime, TestSystems.Spec("slow-once", timeoutSeconds: 1), TaskStatus.Succeeded, TimeSpan.FromSeconds(20));

        Assert.Equal(["failed", "succeeded"], task.Attempts.Select(a => a.Outcome));
        Assert.Equal(ErrorCategory.Timeout, task.Attempts[0].Error!.Category);
        // Timeout retries grow the attempt timeout by the policy's TimeoutGrowth (2): 1 s, then 2 s.
        Assert.Equal(2000, System.Text.Json.Nodes.JsonNode.Parse(task.Result!)!["timeoutMs"]!.GetValue<double>());
    }

    [Fact]
    public void A_requeued_task_runs_again_with_a_fresh_budget()
    {
        var runtime = TestSystems.Runtime();
        var task = Run(runtime, TestSystems.Spec("flaky", """{"failures":1,"category":"permanent"}"""), TaskStatus.DeadLettered);

        LastEntity.Tell(new DlqProtocol.RequeueTask(task.Id, "permissions fixed"));
        Assert.True(ExpectMsg<DlqProtocol.DlqResult>().Done);
        var done = AwaitStatus(LastEntity, task.Id, TaskStatus.Succeeded, TimeSpan.FromSeconds(10));

        Assert.Equal(["failed", "succeeded"], done.Attempts.Select(a => a.Outcome));
        Assert.Equal(1, done.Requeues);
        Assert.False(done.InDeadLetterQueue);
    }

    [Fact]
    public async Task A_runner_that_keeps_crashing_is_backed_off_then_dead_lettered_as_critical()
    {
        var started = 0;
        var runtime = TestSystems.Runtime(new Dictionary<string, Func<ITaskHandler>>
        {
            ["hang"] = () => new ScriptedTool(async (_, token) =>
            {
                Interlocked.Increment(ref started);
                await Task.Delay(Timeout.Infinite, token);
                return ToolResult.Empty;
            }),
        }, options: new TaskOptions { MaxInterruptions = 2, MinBackoff = TimeSpan.FromMilliseconds(10), MaxBackoff = TimeSpan.FromMilliseconds(50) });
        var (_, id) = Submit(runtime, TestSystems.Spec("hang"));

        for (var crash = 1; crash <= 2; crash++)
        {
            var expected = crash;
            AwaitCondition(() => Volatile.Read(ref started) >= expected, TimeSpan.FromSeconds(10));
            // Kill the runner from outside: the supervisor stops without a verdict, as when a runner crashes.
            var runner = await Sys.ActorSelection(LastEntity.Path / "attempts" / "attempt").ResolveOne(TimeSpan.FromSeconds(5));
            runner.Tell(Kill.Instance);
        }

        var task = AwaitStatus(LastEntity, id, TaskStatus.DeadLettered, TimeSpan.FromSeconds(10));
        Assert.Equal(["interrupted", "interrupted"], task.Attempts.Select(a => a.Outcome));
        Assert.Equal((ErrorCategory.Critical, "ftr.repeated-interruption"), (task.LastError!.Category, task.LastError.Rule));
        Assert.NotNull(task.History.First(h => h.Event == "attempt-interrupted"));
    }

    [Fact]
    public void A_result_that_cannot_be_stored_fails_the_attempt_instead_of_crashing_the_runner()
    {
        var runtime = TestSystems.Runtime(new Dictionary<string, Func<ITaskHandler>>
        {
            ["nan"] = () => new ScriptedTool((_, _) => Task.FromResult(new ToolResult(new System.Text.Json.Nodes.JsonObject { ["ratio"] = double.NaN }))),
        }, retry: TestSystems.NoRetry);

        var task = Run(runtime, TestSystems.Spec("nan"), TaskStatus.DeadLettered);

        Assert.Single(task.Attempts);
        Assert.Contains("cannot be stored as JSON", task.LastError!.Message);
    }
}
