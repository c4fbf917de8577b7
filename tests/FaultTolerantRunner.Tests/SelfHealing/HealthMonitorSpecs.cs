using Akka.Actor;
using Akka.TestKit.Xunit2;
using FaultTolerantRunner.Errors;
using FaultTolerantRunner.Notifications;
using FaultTolerantRunner.SelfHealing;
using FaultTolerantRunner.Tasks;
using Xunit.Abstractions;
using FaultTolerantRunner.Taxonomy;

namespace FaultTolerantRunner.Tests.SelfHealing;

/// <summary>
/// The monitor's decisions (actor logic alone, on manual time: a check runs only when the spec lets an interval pass);
/// the journal probe and the task index are stand-ins here.
/// </summary>
public sealed class HealthMonitorSpecs : TestKit
{
    private static readonly SelfHealingOptions Options = new() { Interval = TimeSpan.FromSeconds(5), BacklogLimit = 10 };

    private readonly ManualTime _time;

    public HealthMonitorSpecs(ITestOutputHelper output) : base(ManualTime.Config, output: output) => _time = new ManualTime(Sys);

    [Fact]
    public void An_unreachable_journal_pauses_all_intake_until_a_check_finds_it_answering_again_and_each_change_is_an_action()
    {
        var journalUp = false;
        var gate = new IntakeGate(Options);
        var actions = CreateTestProbe();
        var notifier = CreateTestProbe();
        Sys.EventStream.Subscribe(actions, typeof(SelfHealingAction));
        Started(HealthMonitor.Props(Options, gate,
            _ => Volatile.Read(ref journalUp) ? Task.CompletedTask : Task.FromException(new InvalidOperationException("database is locked")),
            Sys.ActorOf(Props.Create(() => new FixedIndex(0))), notifier, _time.Clock, "node-a"));

        _time.Advance(TimeSpan.Zero); // the first check runs at start
        var paused = actions.ExpectMsg<SelfHealingAction>();
        Assert.Equal("intake-paused", paused.Kind);
        Assert.Equal(_time.Clock.GetUtcNow(), paused.At);
        Assert.Contains("journal is unreachable", gate.Refusal(TaskPriority.High));
        Assert.Equal(Severity.Critical, notifier.ExpectMsg<Notification>().Severity);

        Volatile.Write(ref journalUp, true);
        _time.Advance(Options.Interval - TimeSpan.FromMilliseconds(1));
        actions.ExpectNoMsg(TimeSpan.FromMilliseconds(100)); // no check before the interval has passed
        Assert.NotNull(gate.Refusal(TaskPriority.High));
        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal("intake-resumed", actions.ExpectMsg<SelfHealingAction>().Kind);
        Assert.Null(gate.Refusal(TaskPriority.Low));
    }

    [Fact]
    public void A_backlog_beyond_the_limit_sheds_low_priority_only()
    {
        var gate = new IntakeGate(Options);
        var actions = CreateTestProbe();
        Sys.EventStream.Subscribe(actions, typeof(SelfHealingAction));
        Started(HealthMonitor.Props(Options, gate, _ => Task.CompletedTask, Sys.ActorOf(Props.Create(() => new FixedIndex(25))), null, _time.Clock, "node-a"));

        _time.Advance(TimeSpan.Zero);
        var action = actions.ExpectMsg<SelfHealingAction>();

        Assert.Equal("shedding-started", action.Kind);
        Assert.Contains("25 unfinished tasks", gate.Refusal(TaskPriority.Low));
        Assert.Null(gate.Refusal(TaskPriority.Normal));
        Assert.Null(gate.Refusal(TaskPriority.High));
    }

    /// <summary>Creates the monitor and returns once it has started, so its periodic check is scheduled before time moves.</summary>
    private void Started(Props props)
    {
        var monitor = Sys.ActorOf(props);
        monitor.Tell(new Identify(null));
        ExpectMsg<ActorIdentity>();
    }

    private sealed class FixedIndex : ReceiveActor
    {
        public FixedIndex(int unfinished) =>
            Receive<TaskIndexProtocol.GetIndexStatus>(_ => Sender.Tell(new TaskIndexProtocol.IndexStatus(true, unfinished, 0, unfinished)));
    }
}
