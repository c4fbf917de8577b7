using Akka.Actor;
using Akka.TestKit.Xunit2;
using FaultTolerantRunner.Errors;
using FaultTolerantRunner.Notifications;
using FaultTolerantRunner.Recovery;
using FaultTolerantRunner.SelfHealing;
using FaultTolerantRunner.Supervision;
using FaultTolerantRunner.Tasks;
using FaultTolerantRunner.Taxonomy;
using FaultTolerantRunner.Tests.Support;
using FaultTolerantRunner.Tools;
using FaultTolerantRunner.Tools.BuiltIn;
using Xunit.Abstractions;
using TaskStatus = FaultTolerantRunner.Tasks.TaskStatus;

namespace FaultTolerantRunner.Tests.Recovery;

/// <summary>Progressive recovery end to end in one actor system: real task and recovery entities on a real SQLite journal.</summary>
public sealed class RecoverySpecs(ITestOutputHelper output) : SqliteTaskSpec("recovery", output)
{
    private static readonly RecoveryOptions Options = new() { MinTrials = 1, Exploration = 0 };

    private RecoveryRuntime RecoveryRuntime(IActorRef? notifier = null) =>
        new(Options, new NotificationOptions(), TimeProvider.System, new Random(7), "test-node", notifier);

    private static TaskRuntime WithRecovery(TaskRuntime runtime, IActorRef recovery, SelfHealingOptions? selfHealing = null) =>
        runtime with { Recovery = recovery, RecoveryOptions = Options, SelfHealingOptions = selfHealing };

    /// <summary>Transient failures may be retried ten times, so the recovery levels decide when to give up.</summary>
    private static RetryPolicies Generous => TestSystems.FastRetry((category, p) => category == ErrorCategory.Transient ? p with { MaxRetries = 10 } : p);

    [Fact]
    public void A_task_that_keeps_failing_climbs_every_level_each_with_its_action_then_is_dead_lettered_with_a_critical_notification()
    {
        var notifier = CreateTestProbe();
        var recovery = Sys.ActorOf(RecoveryHost.Props(RecoveryRuntime(notifier)));
        var instances = 0;
        var runtime = WithRecovery(TestSystems.Runtime(new Dictionary<string, Func<ITaskHandler>>
        {
            ["counted"] = () =>
            {
                Interlocked.Increment(ref instances);
                return new FlakyTool();
            },
        }, retry: Generous), recovery);

        var task = Run(runtime, TestSystems.Spec("counted", """{"failures":9,"category":"transient"}"""), TaskStatus.DeadLettered, TimeSpan.FromSeconds(30));

        var plans = task.PlansSinceRequeue;
        Assert.Equal([1, 2, 3, 4], plans.Select(p => p.Level));
        Assert.Equal(5, task.AttemptCount);
        // Level 2 (the flaky tool cannot reduce its parameters): the next attempt's timeout doubles.
        Assert.Equal(RecoveryStrategies.ExtendTimeout, plans[1].Strategy);
        Assert.Equal(Options.ExtendedTimeoutFactor, plans[1].TimeoutFactor);
        // Level 3: the handler instance was recreated before the fourth attempt.
        Assert.StartsWith("reset", plans[2].Strategy);
        Assert.Equal(2, instances);
        // Level 4 on a single node: no other member to move to; the task, through 3 recoveries only, is held there and retries.
        Assert.StartsWith("no other Up member to relocate to", plans[3].Action);
        // Level 5: full escalation.
        Assert.Contains("level 5", task.History[^1].Detail);

        var fingerprint = plans[0].Fingerprint;
        recovery.Tell(new RecoveryProtocol.GetRecovery(fingerprint));
        var state = ExpectMsg<RecoveryState>();
        Assert.Equal(5, state.Level);
        // Every recovery action is recorded: one per plan, and one for the final dead-letter decision.
        Assert.Equal(plans.Count + 1, state.History.Count(h => h.Kind == "action"));
        Assert.Equal(plans.Count + 1, state.Actions);
        Assert.Equal(1, state.DeadLettered);

        var notifications = new List<Notification>();
        notifier.AwaitAssert(() =>
        {
            while (notifier.HasMessages) notifications.Add(notifier.ExpectMsg<Notification>());
            Assert.Contains(notifications, n => n is { Kind: "escalation", Severity: Severity.Critical });
            Assert.Contains(notifications, n => n.Kind == "dead-lettered" && n.TaskId == task.Id);
        }, TimeSpan.FromSeconds(10));
        Assert.Contains(notifications, n => n.Kind == "new-error");
        Assert.Equal(1, state.Incidents);
    }

    [Fact]
    public void A_task_that_recovers_resets_the_level_and_scores_the_strategy()
    {
        var recovery = Sys.ActorOf(RecoveryHost.Props(RecoveryRuntime()));
        var runtime = WithRecovery(TestSystems.Runtime(retry: Generous), recovery);

        var task = Run(runtime, TestSystems.Spec("flaky", """{"failures":2,"category":"transient"}"""), TaskStatus.Succeeded, TimeSpan.FromSeconds(20));

        var fingerprint = task.PlansSinceRequeue[0].Fingerprint;
        AwaitAssert(() =>
        {
            recovery.Tell(new RecoveryProtocol.GetRecovery(fingerprint));
            var state = ExpectMsg<RecoveryState>();
            Assert.Equal(1, state.Level);
            var success = Assert.Single(state.Strategies.Values, r => r.Successes > 0);
            Assert.Equal(task.PlansSinceRequeue[^1].Strategy, success.Strategy);
            Assert.True(success.MeanRecoveryMs > 0);
        }, TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_burst_of_reports_for_one_fingerprint_is_answered_in_full_a_query_after_it_sees_all_and_a_restart_restores_it()
    {
        // 600 first attempts of 600 tasks, sent without waiting: more than one snapshot interval (500 events), all
        // decided while earlier writes are still in flight.
        const string fingerprint = "flaky:transient:445566778899aabb";
        const int tasks = 600;
        var first = ActorSystem.Create("burst", TestSystems.Sqlite(Database.Path));
        var probe = new Akka.TestKit.TestProbe(first, new XunitAssertions());
        var entity = first.ActorOf(RecoveryEntity.Props(fingerprint, RecoveryRuntime()));
        for (var i = 0; i < tasks; i++)
            entity.Tell(new RecoveryProtocol.ReportFailure(fingerprint, ErrorCategory.Transient, Severity.Medium, "flaky", $"task-{i}", 1, "node-a", "HttpRequestException",
                "Connection refused", null, "rule", true, false, 0, null, 0, false), probe);
        entity.Tell(new RecoveryProtocol.GetRecovery(fingerprint), probe);

        var plans = probe.ReceiveN(tasks, TimeSpan.FromSeconds(60)).Cast<RecoveryProtocol.RecoveryPlan>().ToList();
        Assert.All(plans, p => Assert.Equal(1, p.Level)); // first attempts never escalate
        var seen = probe.ExpectMsg<RecoveryState>();
        Assert.Equal(tasks, seen.Occurrences);
        await first.Terminate().WaitAsync(TimeSpan.FromSeconds(10));

        var restarted = Sys.ActorOf(RecoveryEntity.Props(fingerprint, RecoveryRuntime()));
        restarted.Tell(new RecoveryProtocol.GetRecovery(fingerprint));
        var recovered = ExpectMsg<RecoveryState>();
        Assert.Equal(tasks, recovered.Occurrences);
        Assert.Equal(seen.Level, recovered.Level);
        // 600 reports at once raised the severity (medium to high, the default cap) and the snapshot kept it and its window.
        Assert.Equal((Severity.High, Severity.High), (seen.RaisedSeverity, recovered.RaisedSeverity));
        Assert.Equal(seen.ReportsSinceRaise, recovered.ReportsSinceRaise);
        Assert.Equal(seen.History.Select(h => (h.Kind, h.Level, h.Strategy, h.At)), recovered.History.Select(h => (h.Kind, h.Level, h.Strategy, h.At)));
    }

    [Fact]
    public async Task A_fingerprints_level_history_and_scores_survive_a_restart_of_the_actor_system()
    {
        const string fingerprint = "flaky:transient:00112233aabbccdd";
        var first = ActorSystem.Create("first", TestSystems.Sqlite(Database.Path));
        var probe = new Akka.TestKit.TestProbe(first, new XunitAssertions());
        var before = first.ActorOf(RecoveryEntity.Props(fingerprint, RecoveryRuntime()));
        RecoveryProtocol.RecoveryPlan? plan = null;
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            before.Tell(new RecoveryProtocol.ReportFailure(fingerprint, ErrorCategory.Transient, Severity.Medium, "flaky", "task-1", attempt, "node-a", "HttpRequestException",
                "Connection refused", null, "rule", true, false, plan?.Level ?? 0, plan?.Strategy, attempt - 1, false), probe);
            plan = probe.ExpectMsg<RecoveryProtocol.RecoveryPlan>();
        }
        before.Tell(new RecoveryProtocol.GetRecovery(fingerprint), probe);
        var original = probe.ExpectMsg<RecoveryState>();
        Assert.Equal(3, original.Level);
        await first.Terminate().WaitAsync(TimeSpan.FromSeconds(10));

        var after = Sys.ActorOf(RecoveryEntity.Props(fingerprint, RecoveryRuntime()));
        after.Tell(new RecoveryProtocol.GetRecovery(fingerprint));
        var recovered = ExpectMsg<RecoveryState>();

        Assert.Equal(3, recovered.Level);
        Assert.Equal(original.History.Select(h => (h.Kind, h.Level, h.Strategy, h.At)), recovered.History.Select(h => (h.Kind, h.Level, h.Strategy, h.At)));
        Assert.Equal(original.Strategies, recovered.Strategies);
        Assert.Equal(3, recovered.Occurrences);
    }

    [Fact]
    public void An_attempt_whose_runner_goes_silent_is_killed_and_run_again()
    {
        var actions = CreateTestProbe();
        Sys.EventStream.Subscribe(actions, typeof(SelfHealingAction));
        var recovery = Sys.ActorOf(RecoveryHost.Props(RecoveryRuntime()));
        // The runner's heartbeat is far slower than the stuck threshold: to the watchdog, the first attempt is silent.
        var silent = new SelfHealingOptions { HeartbeatInterval = TimeSpan.FromHours(1), StuckAfter = TimeSpan.FromSeconds(1) };
        var runtime = WithRecovery(TestSystems.Runtime(new Dictionary<string, Func<ITaskHandler>>
        {
            ["hangs-once"] = () => new ScriptedTool(async (context, token) =>
            {
                if (context.Attempt == 1) await Task.Delay(Timeout.Infinite, token);
                return ToolResult.Of(new { context.Attempt });
            }),
        }), recovery, silent);

        var task = Run(runtime, TestSystems.Spec("hangs-once", timeoutSeconds: 120), TaskStatus.Succeeded, TimeSpan.FromSeconds(20));

        Assert.Equal(["interrupted", "succeeded"], task.Attempts.Select(a => a.Outcome));
        Assert.Contains(task.History, h => h.Event == "attempt-interrupted" && h.Detail!.Contains("stuck: no heartbeat"));
        var action = actions.ExpectMsg<SelfHealingAction>();
        Assert.Equal("stuck-attempt-killed", action.Kind);
        Assert.Contains(task.Id, action.Detail);
    }

    [Fact]
    public void A_reducible_tool_gets_smaller_parameters_at_level_2()
    {
        var recovery = Sys.ActorOf(RecoveryHost.Props(RecoveryRuntime()));
        var calls = new List<long>();
        var runtime = WithRecovery(TestSystems.Runtime(new Dictionary<string, Func<ITaskHandler>>
        {
            ["chunked"] = () => new ReducibleScriptedTool(context =>
            {
                lock (calls) calls.Add(context.Parameters.GetInt64("chunkSize"));
                if (context.Attempt <= 2) throw FlakyTool.Failure("transient", context.Attempt);
                return ToolResult.Of(new { context.Attempt });
            }),
        }, retry: Generous), recovery);
        // Both level-2 strategies must be tried before scores decide; the reduction is the second in catalogue order.
        recovery.Tell(new RecoveryProtocol.ReportRecovered(Fingerprint.Of("chunked", ErrorCategory.Transient, "Connection refused (127.0.0.1:9)"),
            "warm-up", 2, RecoveryStrategies.ExtendTimeout, 10));

        var task = Run(runtime, TestSystems.Spec("chunked", """{"chunkSize":8}"""), TaskStatus.Succeeded, TimeSpan.FromSeconds(20));

        var level2 = task.PlansSinceRequeue.Single(p => p.Level == 2);
        Assert.Equal(RecoveryStrategies.ReduceParameters, level2.Strategy);
        Assert.Equal([8L, 8L, 4L], calls);
    }

    private sealed class ReducibleScriptedTool(Func<AttemptContext, ToolResult> run) : ITaskHandler, IReducibleTool
    {
        public string Description => "scripted, reducible";

        public IReadOnlyList<ToolParameter> Parameters { get; } = [new("chunkSize", ParameterType.Integer, Required: true)];

        public Task<ToolResult> ExecuteAsync(AttemptContext context, CancellationToken cancellation) => Task.FromResult(run(context));

        public System.Text.Json.Nodes.JsonObject? Reduce(ToolParameters parameters)
        {
            var reduced = (System.Text.Json.Nodes.JsonObject)parameters.Values.DeepClone();
            reduced["chunkSize"] = parameters.GetInt64("chunkSize") / 2;
            return reduced;
        }
    }
}
