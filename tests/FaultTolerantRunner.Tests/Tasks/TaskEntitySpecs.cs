using Akka.Actor;
using Akka.TestKit.Xunit2;
using FaultTolerantRunner.Supervision;
using FaultTolerantRunner.Tasks;
using FaultTolerantRunner.Taxonomy;
using FaultTolerantRunner.Tests.Support;
using FaultTolerantRunner.Tools;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;
using TaskStatus = FaultTolerantRunner.Tasks.TaskStatus;

namespace FaultTolerantRunner.Tests.Tasks;

public sealed class TaskEntitySpecs(ITestOutputHelper output) : SqliteTaskSpec("entity-specs", output)
{
    [Fact]
    public void Acceptance_is_journaled_before_it_is_acknowledged()
    {
        var id = TaskIds.New();
        var entity = Sys.ActorOf(TaskEntity.Props(id, TestSystems.Runtime()));

        entity.Tell(new TaskProtocol.SubmitTask(id, TestSystems.Spec("sleep", """{"ms":60000}""")));
        var submitted = ExpectMsg<TaskProtocol.TaskSubmitted>();

        Assert.True(submitted.Created);
        Assert.Equal(TaskStatus.Accepted, submitted.Task.Status);
        Assert.True(JournalRows(id) >= 1, "the acceptance must be in the journal when the ack arrives");
    }

    [Fact]
    public async Task The_first_attempt_start_is_journaled_with_the_acceptance_and_runs_once()
    {
        var started = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var runs = 0;
        var runtime = TestSystems.Runtime(new Dictionary<string, Func<ITaskHandler>>
        {
            ["job"] = () => new ScriptedTool(async (context, token) =>
            {
                Interlocked.Increment(ref runs);
                started.TrySetResult(context.Attempt);
                await Task.Delay(Timeout.Infinite, token);
                return ToolResult.Empty;
            }),
        });
        var id = TaskIds.New();
        var entity = Sys.ActorOf(TaskEntity.Props(id, runtime));

        entity.Tell(new TaskProtocol.SubmitTask(id, TestSystems.Spec("job")));
        var submitted = ExpectMsg<TaskProtocol.TaskSubmitted>();
        var rowsAtAck = JournalRows(id);
        Assert.Equal(1, await started.Task.WaitAsync(TimeSpan.FromSeconds(10)));
        entity.Tell(new TaskProtocol.GetTask(id));
        var running = ExpectMsg<TaskState>();

        Assert.Equal(TaskStatus.Accepted, submitted.Task.Status);
        Assert.Equal(2, rowsAtAck); // accepted + attempt-started, in the write the acknowledgement waited for
        Assert.Equal(TaskStatus.Running, running.Status);
        Assert.Equal(["accepted", "attempt-started"], running.History.Select(h => h.Event));
        Assert.Equal(running.AcceptedAt, Assert.Single(running.Attempts).StartedAt);
        Assert.Equal(2, JournalRows(id)); // the runner's start request did not journal a second start
        Assert.Equal(1, Volatile.Read(ref runs));
    }

    [Fact]
    public void Echo_task_runs_one_attempt_and_succeeds_with_its_result()
    {
        var (entity, id) = Submit("echo", """{"text":"hello"}""");

        var task = AwaitStatus(entity, id, TaskStatus.Succeeded);

        Assert.Single(task.Attempts);
        Assert.Equal("succeeded", task.Attempts[0].Outcome);
        Assert.Contains("hello", task.Result);
        Assert.Equal(["accepted", "attempt-started", "attempt-succeeded"], task.History.Select(h => h.Event));
        Assert.All(task.History, h => Assert.True(h.At > DateTimeOffset.UtcNow.AddMinutes(-1)));
    }

    [Fact]
    public void A_second_submission_of_the_same_task_returns_it_without_running_again()
    {
        var (entity, id) = Submit("echo", """{"text":"once"}""");
        AwaitStatus(entity, id, TaskStatus.Succeeded);

        entity.Tell(new TaskProtocol.SubmitTask(id, TestSystems.Spec("echo", """{"text":"twice"}""")));
        var again = ExpectMsg<TaskProtocol.TaskSubmitted>();

        Assert.False(again.Created);
        Assert.Single(again.Task.Attempts);
        Assert.Contains("once", again.Task.Spec!.Parameters);
    }

    [Fact]
    public void A_permanent_failure_dead_letters_the_task_after_one_attempt_with_the_classified_error()
    {
        var (entity, id) = Submit("flaky", """{"failures":1,"category":"permanent"}""");

        var task = AwaitStatus(entity, id, TaskStatus.DeadLettered);

        Assert.Single(task.Attempts);
        Assert.Equal(ErrorCategory.Permanent, task.LastError!.Category);
        Assert.Equal(typeof(UnauthorizedAccessException).FullName, task.LastError.Type);
        Assert.Equal("permanent.access-type", task.LastError.Rule);
        Assert.Equal(FaultTolerantRunner.Taxonomy.Directive.Stop, task.LastError.Directive);
        Assert.StartsWith("flaky:permanent:", task.LastError.Fingerprint);
        Assert.Equal("dead-lettered", task.History[^1].Event);
    }

    [Fact]
    public void An_attempt_past_its_timeout_is_cancelled_and_recorded_as_a_timeout()
    {
        var (entity, id) = Submit("sleep", """{"ms":600000}""", timeoutSeconds: 1, runtime: TestSystems.Runtime(retry: TestSystems.NoRetry));

        var task = AwaitStatus(entity, id, TaskStatus.DeadLettered, TimeSpan.FromSeconds(10));

        Assert.Equal(ErrorCategory.Timeout, task.LastError!.Category);
        Assert.Equal(typeof(AttemptTimeoutException).FullName, task.LastError.Type);
    }

    [Fact]
    public async Task Cancelling_a_running_task_cancels_its_attempt()
    {
        var cancelled = new TaskCompletionSource();
        var started = new TaskCompletionSource();
        var runtime = TestSystems.Runtime(new Dictionary<string, Func<ITaskHandler>>
        {
            ["wait"] = () => new ScriptedTool(async (_, token) =>
            {
                token.Register(() => cancelled.TrySetResult());
                started.TrySetResult();
                await Task.Delay(Timeout.Infinite, token);
                return ToolResult.Empty;
            }),
        });
        var (entity, id) = Submit("wait", "{}", runtime: runtime);
        await started.Task.WaitAsync(TimeSpan.FromSeconds(10));

        entity.Tell(new TaskProtocol.CancelTask(id, "operator asked"));
        var result = ExpectMsg<TaskProtocol.CancelResult>();

        Assert.True(result.Cancelled);
        Assert.Equal(TaskStatus.Cancelled, result.Task.Status);
        Assert.Equal("cancelled", result.Task.Attempts[^1].Outcome);
        await cancelled.Task.WaitAsync(TimeSpan.FromSeconds(10)); // the attempt's cancellation token must fire
    }

    [Fact]
    public void Cancelling_a_finished_task_is_refused()
    {
        var (entity, id) = Submit("echo", "{}");
        AwaitStatus(entity, id, TaskStatus.Succeeded);

        entity.Tell(new TaskProtocol.CancelTask(id, "too late"));

        var result = ExpectMsg<TaskProtocol.CancelResult>();
        Assert.False(result.Cancelled);
        Assert.Equal(TaskStatus.Succeeded, result.Task.Status);
    }

    [Fact]
    public void An_unknown_task_id_is_not_found_and_journals_nothing()
    {
        var id = TaskIds.New();
        var entity = Sys.ActorOf(TaskEntity.Props(id, TestSystems.Runtime()));

        entity.Tell(new TaskProtocol.GetTask(id));

        Assert.Equal(id, ExpectMsg<TaskProtocol.TaskNotFound>().TaskId);
        Assert.Equal(0, JournalRows(id));
    }

    [Fact]
    public void The_attempt_supervisor_restarts_attempts_when_the_verdict_is_retry()
    {
        var (entity, id) = Submit("flaky", """{"failures":2,"category":"transient"}""");

        var task = AwaitStatus(entity, id, TaskStatus.Succeeded, TimeSpan.FromSeconds(10));

        Assert.Equal(["failed", "failed", "succeeded"], task.Attempts.Select(a => a.Outcome));
        Assert.Contains(task.History, h => h.Status == TaskStatus.RetryScheduled);
    }

    [Fact]
    public async Task A_task_and_its_history_survive_a_restart_of_the_actor_system()
    {
        var id = TaskIds.New();
        var first = ActorSystem.Create("first", TestSystems.Sqlite(Database.Path));
        var probe = new Akka.TestKit.TestProbe(first, new XunitAssertions());
        var before = first.ActorOf(TaskEntity.Props(id, TestSystems.Runtime()));
        before.Tell(new TaskProtocol.SubmitTask(id, TestSystems.Spec("echo", """{"text":"durable"}""")), probe);
        probe.ExpectMsg<TaskProtocol.TaskSubmitted>();
        probe.AwaitAssert(() =>
        {
            before.Tell(new TaskProtocol.GetTask(id), probe);
            Assert.Equal(TaskStatus.Succeeded, probe.ExpectMsg<TaskState>().Status);
        }, TimeSpan.FromSeconds(10));
        before.Tell(new TaskProtocol.GetTask(id), probe);
        var original = probe.ExpectMsg<TaskState>();
        await first.Terminate().WaitAsync(TimeSpan.FromSeconds(10));

        var after = Sys.ActorOf(TaskEntity.Props(id, TestSystems.Runtime()));
        after.Tell(new TaskProtocol.GetTask(id));
        var recovered = ExpectMsg<TaskState>();

        Assert.Equal(TaskStatus.Succeeded, recovered.Status);
        Assert.Equal(original.History.Select(h => (h.Event, h.Status, h.At)), recovered.History.Select(h => (h.Event, h.Status, h.At)));
        Assert.Equal(original.Result, recovered.Result);
    }

    [Fact]
    public async Task A_task_running_when_the_system_stopped_runs_again_and_finishes_after_restart()
    {
        var id = TaskIds.New();
        var firstStarted = new TaskCompletionSource();
        var first = ActorSystem.Create("first", TestSystems.Sqlite(Database.Path));
        var probe = new Akka.TestKit.TestProbe(first, new XunitAssertions());
        var hanging = TestSystems.Runtime(new Dictionary<string, Func<ITaskHandler>>
        {
            ["job"] = () => new ScriptedTool(async (_, token) =>
            {
                firstStarted.TrySetResult();
                await Task.Delay(Timeout.Infinite, token);
                return ToolResult.Empty;
            }),
        });
        first.ActorOf(TaskEntity.Props(id, hanging)).Tell(new TaskProtocol.SubmitTask(id, TestSystems.Spec("job")), probe);
        probe.ExpectMsg<TaskProtocol.TaskSubmitted>();
        await firstStarted.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await first.Terminate().WaitAsync(TimeSpan.FromSeconds(10));

        var healthy = TestSystems.Runtime(new Dictionary<string, Func<ITaskHandler>>
        {
            ["job"] = () => new ScriptedTool((context, _) => Task.FromResult(ToolResult.Of(new { context.Attempt }))),
        });
        var entity = Sys.ActorOf(TaskEntity.Props(id, healthy));
        var task = AwaitStatus(entity, id, TaskStatus.Succeeded);

        Assert.Equal(["interrupted", "succeeded"], task.Attempts.Select(a => a.Outcome));
        Assert.Contains("\"attempt\":2", task.Result);
        Assert.Contains(task.History, h => h.Event == "attempt-interrupted");
    }

    private (IActorRef Entity, string Id) Submit(string tool, string parameters, int? timeoutSeconds = null, TaskRuntime? runtime = null) =>
        Submit(runtime ?? TestSystems.Runtime(), TestSystems.Spec(tool, parameters, timeoutSeconds));

    private TaskState AwaitStatus(IActorRef entity, string id, TaskStatus status) => AwaitStatus(entity, id, status, null);

    private long JournalRows(string id)
    {
        using var connection = new SqliteConnection($"Data Source={Database.Path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM journal WHERE persistence_id = $id";
        command.Parameters.AddWithValue("$id", TaskIds.PersistenceId(id));
        return (long)command.ExecuteScalar()!;
    }
}
