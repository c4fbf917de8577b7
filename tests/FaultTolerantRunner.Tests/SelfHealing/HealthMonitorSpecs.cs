using Akka.Actor;
using Akka.TestKit.Xunit2;
using FaultTolerantRunner.Errors;
using FaultTolerantRunner.Notifications;
using FaultTolerantRunner.SelfHealing;
using FaultTolerantRunner.Tasks;
using Xunit.Abstractions;

namespace FaultTolerantRunner.Tests.SelfHealing;

/// <summary>The monitor's decisions (actor logic alone): the journal probe and the task index are stand-ins here.</summary>
public sealed class HealthMonitorSpecs(ITestOutputHelper output) : TestKit(output: output)
{
    private static readonly SelfHealingOptions Options = new() { Interval = TimeSpan.FromMilliseconds(100), BacklogLimit = 10 };

    [Fact]
    public void An_unreachable_journal_pauses_all_intake_until_it_answers_again_and_each_change_is_an_action()
    {
        var journalUp = true;
        var gate = new IntakeGate(Options);
        var actions = CreateTestProbe();
        var notifier = CreateTestProbe();
        Sys.EventStream.Subscribe(actions, typeof(SelfHealingAction));
        var index = Sys.ActorOf(Props.Create(() => new FixedIndex(0)));
        Sys.ActorOf(HealthMonitor.Props(Options, gate,
            _ => Volatile.Read(ref journalUp) ? Task.CompletedTask : Task.FromException(new InvalidOperationException("database is locked")),
            index, notifier, TimeProvider.System, "node-a"));

        Volatile.Write(ref journalUp, false);
        Assert.Equal("intake-paused", actions.ExpectMsg<SelfHealingAction>().Kind);
        Assert.Contains("journal is unreachable", gate.Refusal(TaskPriority.High));
        Assert.Equal("critical", notifier.ExpectMsg<Notification>().Severity);

        Volatile.Write(ref journalUp, true);
        Assert.Equal("intake-resumed", actions.ExpectMsg<SelfHealingAction>().Kind);
        Assert.Null(gate.Refusal(TaskPriority.Low));
    }

    [Fact]
    public void A_backlog_beyond_the_limit_sheds_low_priority_only()
    {
        var gate = new IntakeGate(Options);
        var actions = CreateTestProbe();
        Sys.EventStream.Subscribe(actions, typeof(SelfHealingAction));
        var index = Sys.ActorOf(Props.Create(() => new FixedIndex(25)));
        Sys.ActorOf(HealthMonitor.Props(Options, gate, _ => Task.CompletedTask, index, null, TimeProvider.System, "node-a"));

        var action = actions.ExpectMsg<SelfHealingAction>();

        Assert.Equal("shedding-started", action.Kind);
        Assert.Contains("25 unfinished tasks", gate.Refusal(TaskPriority.Low));
        Assert.Null(gate.Refusal(TaskPriority.Normal));
        Assert.Null(gate.Refusal(TaskPriority.High));
    }

    private sealed class FixedIndex : ReceiveActor
    {
        public FixedIndex(int unfinished) =>
            Receive<TaskIndexProtocol.GetIndexStatus>(_ => Sender.Tell(new TaskIndexProtocol.IndexStatus(true, unfinished, 0, unfinished)));
    }
}
