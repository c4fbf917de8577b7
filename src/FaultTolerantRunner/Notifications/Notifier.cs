using Akka.Actor;
using Akka.Event;
using FaultTolerantRunner.Supervision;
using FaultTolerantRunner.Telemetry;

namespace FaultTolerantRunner.Notifications;

/// <summary>
/// The node's notification router: every notification is logged and counted; its severity's route decides whether
/// it also goes to the webhooks and whether the affected tool's intake is stopped. Alert and incident records are
/// journaled by whoever raised the notification (the fingerprint's recovery entity), not here.
/// </summary>
public sealed class Notifier : ReceiveActor
{
    public const string Name = "ftr-notifier";

    public Notifier(NotificationOptions options, WebhookSender webhooks, IActorRef? toolGuardian)
    {
        var log = Context.GetLogger();
        Receive<Notification>(n =>
        {
            var channels = options.ChannelsFor(n.Severity);
            RunnerMetrics.NotificationRaised(n.Severity, n.Kind);
            var line = $"NOTIFY {n.Severity} {n.Kind}: {n.Subject} (fingerprint {n.Fingerprint ?? "-"}, task {n.TaskId ?? "-"}, tool {n.Tool ?? "-"}, node {n.Node})";
            switch (n.Severity)
            {
                case "critical": log.Error(line); break;
                case "high": log.Warning(line); break;
                default: log.Info(line); break;
            }
            if (channels.HasFlag(NotificationChannels.Webhook) && !webhooks.Enqueue(n))
                log.Debug("notification {0}: no webhook configured (Notifications:Webhooks)", n.Id);
            if (channels.HasFlag(NotificationChannels.Isolate) && n.Tool is { } tool && toolGuardian is not null)
                toolGuardian.Tell(new ToolGuardian.Escalated(tool, n.TaskId ?? "-", $"{n.Kind}: {n.Subject}", n.At));
        });
    }

    public static Props Props(NotificationOptions options, WebhookSender webhooks, IActorRef? toolGuardian) =>
        Akka.Actor.Props.Create(() => new Notifier(options, webhooks, toolGuardian));
}
