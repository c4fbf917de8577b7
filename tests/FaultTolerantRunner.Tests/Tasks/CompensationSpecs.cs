using Akka.Actor;
using FaultTolerantRunner.Notifications;
using FaultTolerantRunner.Tasks;
using FaultTolerantRunner.Tests.Support;
using FaultTolerantRunner.Tools;
using Xunit.Abstractions;
using TaskStatus = FaultTolerantRunner.Tasks.TaskStatus;

namespace FaultTolerantRunner.Tests.Tasks;

/// <summary>Journaled compensations carried out by a real task entity on SQLite: newest first, retried, alerted, and resumed after a restart.</summary>
public sealed class CompensationSpecs(ITestOutputHelper output) : SqliteTaskSpec("compensation-specs", output)
{
    private readonly List<string> _ran = [];

    private static TaskOptions Options(int tries = 5) => new()
    {
        KillGrace = TimeSpan.FromMilliseconds(500), MinBackoff = TimeSpan.FromMilliseconds(10), MaxBackoff = TimeSpan.FromMilliseconds(50),
        CompensationTries = tries, CompensationBackoff = TimeSpan.FromMilliseconds(20),
    };

    /// <summary>A saga that registers reserve, charge and ship (awaiting each journal write), then fails permanently.</summary>
    private TaskRuntime Saga(Func<Compensation, CancellationToken, Task> compensate, TaskOptions? options = null, IActorRef? notifier = null) =>
        TestSystems.Runtime(new Dictionary<string, Func<ITaskHandler>>
        {
            ["saga"] = () => new ScriptedCompensatingTool(async (context, _) =>
            {
                foreach (var step in new[] { "reserve", "charge", "ship" }) await context.RegisterCompensationAsync(step, $"order-7/{step}");
                throw new UnauthorizedAccessException("warehouse API denied access");
            }, (c, token) =>
            {
                lock (_ran) _ran.Add($"{c.Name}#{c.Try}");
                return compensate(c, token);
            }),
        }, options ?? Options()) with { Notifier = notifier };

    private TaskState Get(IActorRef entity, string id)
    {
        entity.Tell(new TaskProtocol.GetTask(id));
        return ExpectMsg<TaskState>();
    }

    private string[] Ran()
    {
        lock (_ran) return _ran.ToArray();
    }

    [Fact]
    public void A_dead_lettered_task_runs_its_journaled_compensations_newest_first_and_journals_each_outcome()
    {
        var task = Run(Saga((_, _) => Task.CompletedTask), TestSystems.Spec("saga"), TaskStatus.DeadLettered);

        AwaitAssert(() => Assert.All(Get(LastEntity, task.Id).Compensations!, c => Assert.Equal("succeeded", c.Outcome)), TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(50));
        Assert.Equal(["ship#1", "charge#1", "reserve#1"], Ran());
        var state = Get(LastEntity, task.Id);
        Assert.Equal(["order-7/reserve", "order-7/charge", "order-7/ship"], state.Compensations!.Select(c => c.Data));
        Assert.Equal(["ship succeeded", "charge succeeded", "reserve succeeded"], state.History.Where(h => h.Event == "compensation").Select(h => h.Detail));
    }

    [Fact]
    public void A_failing_compensation_is_retried_with_backoff_then_recorded_as_failed_and_raised_as_an_alert_with_the_task_id()
    {
        var notifier = CreateTestProbe();
        var runtime = Saga((c, _) => c.Name == "charge" ? throw new HttpRequestException("payments API refused the refund") : Task.CompletedTask,
            Options(tries: 3), notifier.Ref);

        var task = Run(runtime, TestSystems.Spec("saga"), TaskStatus.DeadLettered);

        var alert = notifier.ExpectMsg<Notification>(TimeSpan.FromSeconds(10));
        Assert.Equal(("compensation-failed", task.Id, "saga"), (alert.Kind, alert.TaskId, alert.Tool));
        Assert.Contains("payments API refused the refund", alert.Subject);
        AwaitAssert(() => Assert.Equal("succeeded", Get(LastEntity, task.Id).Compensations![0].Outcome), TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(50));
        Assert.Equal(["ship#1", "charge#1", "charge#2", "charge#3", "reserve#1"], Ran());
        var charge = Get(LastEntity, task.Id).Compensations![1];
        Assert.Equal(("failed", 3), (charge.Outcome, charge.Tries));
        Assert.StartsWith("HttpRequestException: payments API refused", charge.Error);
    }

    [Fact]
    public void After_a_restart_in_the_middle_only_the_compensations_without_a_journaled_outcome_run()
    {
        var hang = new TaskCompletionSource();
        var firstIncarnation = true;
        // First incarnation: ship succeeds, charge hangs (the node dies during it). Second: everything succeeds.
        var runtime = Saga((c, token) => c.Name == "charge" && Volatile.Read(ref firstIncarnation) ? hang.Task.WaitAsync(token) : Task.CompletedTask);
        var task = Run(runtime, TestSystems.Spec("saga"), TaskStatus.DeadLettered);
        AwaitAssert(() => Assert.Equal(["ship#1", "charge#1"], Ran()), TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(50));
        AwaitAssert(() => Assert.Equal("succeeded", Get(LastEntity, task.Id).Compensations![2].Outcome), TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(50));

        Watch(LastEntity);
        Sys.Stop(LastEntity);
        ExpectTerminated(LastEntity);
        Volatile.Write(ref firstIncarnation, false);
        var restarted = Sys.ActorOf(TaskEntity.Props(task.Id, runtime));

        AwaitAssert(() => Assert.All(Get(restarted, task.Id).Compensations!, c => Assert.Equal("succeeded", c.Outcome)), TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(50));
        Assert.Equal(["ship#1", "charge#1", "charge#1", "reserve#1"], Ran());
        Assert.Equal(3, Get(restarted, task.Id).History.Count(h => h.Event == "compensation"));
    }

    [Fact]
    public void A_registration_is_refused_once_the_attempt_is_over()
    {
        var context = new TaskCompletionSource<AttemptContext>();
        var runtime = TestSystems.Runtime(new Dictionary<string, Func<ITaskHandler>>
        {
            ["late"] = () => new ScriptedCompensatingTool((c, _) =>
            {
                context.TrySetResult(c);
                return Task.FromResult(ToolResult.Of(new { done = true }));
            }, (_, _) => Task.CompletedTask),
        });
        Run(runtime, TestSystems.Spec("late"), TaskStatus.Succeeded);

        var refused = Assert.ThrowsAny<Exception>(() => context.Task.Result.RegisterCompensationAsync("too-late").GetAwaiter().GetResult());

        Assert.True(refused is InvalidOperationException or ObjectDisposedException, refused.ToString());
    }
}
