using Akka.Actor;
using Akka.TestKit.Xunit2;
using FaultTolerantRunner.Notifications;
using FaultTolerantRunner.Recovery;
using FaultTolerantRunner.Taxonomy;
using FaultTolerantRunner.Tests.Support;
using Xunit.Abstractions;

namespace FaultTolerantRunner.Tests.Recovery;

/// <summary>A raised severity on a real SQLite journal: notified at the new level, journaled, restored after a restart.</summary>
public sealed class SeverityRaiseSpecs(ITestOutputHelper output) : SqliteTaskSpec("severity-raise", output)
{
    private const string Fingerprint = "flaky:transient:5e5e5e5e5e5e5e5e";
    private static readonly RecoveryOptions Options = new() { MinTrials = 1, Exploration = 0, SeverityRaise = new() { Count = 3, Window = TimeSpan.FromMinutes(5) } };

    private static RecoveryRuntime Runtime(IActorRef? notifier = null) =>
        new(Options, new NotificationOptions(), TimeProvider.System, new Random(7), "test-node", notifier);

    private static RecoveryProtocol.ReportFailure Report(int task) =>
        new(Fingerprint, ErrorCategory.Transient, Severity.Medium, "flaky", $"task-{task}", 1, "node-a", "HttpRequestException", "Connection refused",
            null, "rule", true, false, 0, null, 0, false);

    [Fact]
    public async Task Repeated_reports_raise_the_severity_notify_at_it_and_a_restart_keeps_it_until_resolved()
    {
        var first = ActorSystem.Create("first", TestSystems.Sqlite(Database.Path));
        var probe = new Akka.TestKit.TestProbe(first, new XunitAssertions());
        var notifier = new Akka.TestKit.TestProbe(first, new XunitAssertions());
        var before = first.ActorOf(RecoveryEntity.Props(Fingerprint, Runtime(notifier)));
        for (var task = 1; task <= 3; task++)
        {
            before.Tell(Report(task), probe);
            probe.ExpectMsg<RecoveryProtocol.RecoveryPlan>();
        }

        // The third report raised medium to high: notified at high, which the default routes record as an alert.
        var raised = notifier.FishForMessage<Notification>(n => n.Kind == "severity-raised", TimeSpan.FromSeconds(5));
        Assert.Equal(Severity.High, raised.Severity);
        Assert.Contains("3 times", raised.Subject);
        before.Tell(new RecoveryProtocol.GetRecovery(Fingerprint), probe);
        var original = probe.ExpectMsg<RecoveryState>();
        Assert.Equal((Severity.High, Severity.Medium), (original.RaisedSeverity, original.BaseSeverity));
        Assert.Equal(1, original.Alerts);
        await first.Terminate().WaitAsync(TimeSpan.FromSeconds(10));

        var after = Sys.ActorOf(RecoveryEntity.Props(Fingerprint, Runtime(TestActor)));
        after.Tell(new RecoveryProtocol.GetRecovery(Fingerprint));
        var recovered = ExpectMsg<RecoveryState>();
        Assert.Equal((Severity.High, Severity.Medium, Severity.High), (recovered.RaisedSeverity, recovered.BaseSeverity, recovered.Severity));
        Assert.Contains(recovered.History, h => h.Kind == "severity-raised");

        // The next report carries the raised severity, and so does the task's dead-letter notification.
        after.Tell(new RecoveryProtocol.ReportDeadLettered(Fingerprint, "task-4", "flaky", Severity.Medium, "gave up"));
        Assert.Equal(Severity.High, FishForMessage<Notification>(n => n.Kind == "dead-lettered").Severity);

        after.Tell(new RecoveryProtocol.Resolve(Fingerprint, "fixed"));
        var resolved = ExpectMsg<RecoveryState>();
        Assert.Equal((null, Severity.Medium), (resolved.RaisedSeverity, resolved.Severity));
        Assert.Equal(["severity-raised", "resolved", "severity-reset"], resolved.History.Select(h => h.Kind).Where(k => k.Contains("severity") || k == "resolved"));
    }
}
