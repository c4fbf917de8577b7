using Akka.Actor;
using Akka.TestKit.Xunit2;
using FaultTolerantRunner.Notifications;
using FaultTolerantRunner.Supervision;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit.Abstractions;

namespace FaultTolerantRunner.Tests.Notifications;

/// <summary>Severity routes (actor logic alone; webhook delivery to a real receiver is tested against a node).</summary>
public sealed class NotifierSpecs(ITestOutputHelper output) : TestKit(output: output)
{
    private static Notification Of(string severity, string? tool = "http") =>
        new(Guid.NewGuid().ToString("N"), severity, "escalation", "subject", "http:external:aa", "task-1", tool, "node-a", DateTimeOffset.UtcNow);

    [Fact]
    public async Task A_critical_notification_stops_the_affected_tools_intake_and_lower_ones_do_not()
    {
        var guardian = CreateTestProbe();
        await using var webhooks = new WebhookSender(new NotificationOptions(), NullLogger<WebhookSender>.Instance);
        var notifier = Sys.ActorOf(Notifier.Props(new NotificationOptions(), webhooks, guardian));

        notifier.Tell(Of("high"));
        notifier.Tell(Of("critical"));

        var escalated = guardian.ExpectMsg<ToolGuardian.Escalated>();
        Assert.Equal("http", escalated.Tool);
        Assert.Contains("escalation", escalated.Reason);
        guardian.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
    }

    [Theory]
    [InlineData("low", "Log")]
    [InlineData("medium", "Log, Webhook")]
    [InlineData("high", "Log, Webhook, Alert")]
    [InlineData("critical", "Log, Webhook, Incident, Isolate")]
    public void Default_routes_follow_the_design(string severity, string channels)
    {
        Assert.Equal(channels, new NotificationOptions().ChannelsFor(severity).ToString());
    }

    [Fact]
    public void A_configured_route_replaces_the_default_for_its_severity_only()
    {
        var options = new NotificationOptions();
        options.Routes["high"] = "log, incident";

        Assert.Equal(NotificationChannels.Log | NotificationChannels.Incident, options.Validate().ChannelsFor("high"));
        Assert.Equal(NotificationChannels.Log | NotificationChannels.Webhook, options.ChannelsFor("medium"));
    }
}
