using Akka.Actor;
using Akka.Event;
using FaultTolerantRunner.Supervision;
using FaultTolerantRunner.Telemetry;
using FaultTolerantRunner.Taxonomy;

namespace FaultTolerantRunner.Notifications;

/// <summary>
/// The node's notification router: every notification is logged and counted; its severity's route decides whether
/// it also goes to the webhooks and whether the affected tool's intake is stopped. Alert and incident records are
/// journaled by whoever raised the notification (the fingerprint's recovery entity), not here.
/// The isolate channel acts where the task failed: the recovery entity that raises a task's notification lives on any
/// node, so a notification naming another task node goes to that node's <see cref="ToolGuardian"/>, and the tool is
/// stopped on the node whose attempt failed — the same node a critical failure's own escalation isolates it on.
/// </summary>
public sealed class Notifier : ReceiveActor
{
    public const string Name = "ftr-notifier";

    /// <param name="selfNode">This node's address (as task entities record it); null outside a cluster: every isolation is local.</param>
    public Notifier(NotificationOptions options, WebhookSender webhooks, IActorRef? toolGuardian, string? selfNode = null)
    {
        var log = Context.GetLogger();
        Receive<Notification>(n =>
        {
            var channels = options.ChannelsFor(n.Severity);
            RunnerMetrics.NotificationRaised(n.Severity, n.Kind);
            var line = $"NOTIFY {Names.Of(n.Severity)} {n.Kind}: {n.Subject} (fingerprint {n.Fingerprint ?? "-"}, task {n.TaskId ?? "-"}, tool {n.Tool ?? "-"}, node {n.Node})";
            switch (n.Severity)
            {
                case Severity.Critical: log.Error(line); break;
                case Severity.High: log.Warning(line); break;
                default: log.Info(line); break;
            }
            if (channels.HasFlag(NotificationChannels.Webhook) && !webhooks.Enqueue(n))
                log.Debug("notification {0}: no webhook configured (Notifications:Webhooks)", n.Id);
            if (channels.HasFlag(NotificationChannels.Isolate) && n.Tool is { } tool && toolGuardian is not null)
            {
                var escalated = new ToolGuardian.Escalated(tool, n.TaskId ?? "-", $"{n.Kind}: {n.Subject}", n.At);
                if (n.TaskNode is { } taskNode && selfNode is not null && !string.Equals(taskNode, selfNode, StringComparison.Ordinal))
                    Context.ActorSelection($"{taskNode}/user/{ToolGuardian.Name}").Tell(escalated);
                else toolGuardian.Tell(escalated);
            }
        });
    }

    public static Props Props(NotificationOptions options, WebhookSender webhooks, IActorRef? toolGuardian, string? selfNode = null) =>
        Akka.Actor.Props.Create(() => new Notifier(options, webhooks, toolGuardian, selfNode));
}
