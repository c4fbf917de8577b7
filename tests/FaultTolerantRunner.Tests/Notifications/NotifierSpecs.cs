using Akka.Actor;
using Akka.TestKit.Xunit2;
using FaultTolerantRunner.Notifications;
using FaultTolerantRunner.Supervision;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit.Abstractions;
using FaultTolerantRunner.Taxonomy;

namespace FaultTolerantRunner.Tests.Notifications;

/// <summary>Severity routes (actor logic alone; webhook delivery to a real receiver is tested against a node).</summary>
public sealed class NotifierSpecs(ITestOutputHelper output) : TestKit(output: output)
{
    private static Notification Of(Severity severity, string? tool = "http") =>
        new(Guid.NewGuid().ToString("N"), severity, "escalation", "subject", "http:external:aa", "task-1", tool, "node-a", DateTimeOffset.UtcNow);

    [Fact]
    public async Task A_critical_notification_stops_the_affected_tools_intake_and_lower_ones_do_not()
    {
        var guardian = CreateTestProbe();
        await using var webhooks = new WebhookSender(new NotificationOptions(), NullLogger<WebhookSender>.Instance);
        var notifier = Sys.ActorOf(Notifier.Props(new NotificationOptions(), webhooks, guardian));

        notifier.Tell(Of(Severity.High));
        notifier.Tell(Of(Severity.Critical));

        var escalated = guardian.ExpectMsg<ToolGuardian.Escalated>();
        Assert.Equal("http", escalated.Tool);
        Assert.Contains("escalation", escalated.Reason);
        guardian.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
    }

    [Fact]
    public async Task Isolation_goes_to_the_guardian_of_the_node_whose_attempt_failed()
    {
        // This system plays the task's node: its tool-guardian is reached by address, as another node's would be.
        var here = CreateTestProbe();
        var taskNodeGuardian = CreateTestProbe();
        Sys.ActorOf(Props.Create(() => new Forward(taskNodeGuardian.Ref)), ToolGuardian.Name);
        var taskNode = ((ExtendedActorSystem)Sys).Provider.DefaultAddress.ToString();
        await using var webhooks = new WebhookSender(new NotificationOptions(), NullLogger<WebhookSender>.Instance);
        var notifier = Sys.ActorOf(Notifier.Props(new NotificationOptions(), webhooks, here, selfNode: "akka.tcp://ftr@10.0.0.9:4053"));

        notifier.Tell(Of(Severity.Critical) with { TaskNode = taskNode, TaskId = "task-elsewhere" });
        Assert.Equal("task-elsewhere", taskNodeGuardian.ExpectMsg<ToolGuardian.Escalated>().TaskId);
        here.ExpectNoMsg(TimeSpan.FromMilliseconds(200));

        notifier.Tell(Of(Severity.Critical) with { TaskNode = "akka.tcp://ftr@10.0.0.9:4053", TaskId = "task-here" });
        notifier.Tell(Of(Severity.Critical) with { TaskNode = null, TaskId = "task-unknown-node" });
        Assert.Equal("task-here", here.ExpectMsg<ToolGuardian.Escalated>().TaskId);
        Assert.Equal("task-unknown-node", here.ExpectMsg<ToolGuardian.Escalated>().TaskId);
        taskNodeGuardian.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }

    private sealed class Forward : ReceiveActor
    {
        public Forward(IActorRef to) => ReceiveAny(to.Forward);
    }

    [Theory]
    [InlineData(Severity.Low, "Log")]
    [InlineData(Severity.Medium, "Log, Webhook")]
    [InlineData(Severity.High, "Log, Webhook, Alert")]
    [InlineData(Severity.Critical, "Log, Webhook, Incident, Isolate")]
    public void Default_routes_follow_the_design(Severity severity, string channels)
    {
        Assert.Equal(channels, new NotificationOptions().ChannelsFor(severity).ToString());
    }

    [Fact]
    public void A_configured_route_replaces_the_default_for_its_severity_only()
    {
        var options = new NotificationOptions();
        options.Routes["high"] = "log, incident";

        Assert.Equal(NotificationChannels.Log | NotificationChannels.Incident, options.Validate().ChannelsFor(Severity.High));
        Assert.Equal(NotificationChannels.Log | NotificationChannels.Webhook, options.ChannelsFor(Severity.Medium));
    }
}
