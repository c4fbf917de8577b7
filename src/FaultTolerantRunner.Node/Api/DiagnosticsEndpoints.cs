using Akka.Actor;
using Akka.Cluster;
using Akka.Hosting;
using FaultTolerantRunner.Errors;
using FaultTolerantRunner.Breakers;
using FaultTolerantRunner.Notifications;
using FaultTolerantRunner.SelfHealing;
using FaultTolerantRunner.Tasks;

namespace FaultTolerantRunner.Node.Api;

/// <summary><c>/api/diagnostics</c>: one look at what is wrong — anomalies, window stats, open breakers, stuck tasks, DLQ size, cluster, intake.</summary>
public static class DiagnosticsEndpoints
{
    public static IEndpointRouteBuilder MapDiagnosticsEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/diagnostics", DiagnoseAsync);
        return app;
    }

    private static async Task<IResult> DiagnoseAsync(ActorSystem system, IRequiredActor<ErrorRegistry> registry, IRequiredActor<BreakerRegistry> breakers,
        TaskClient tasks, IntakeGate gate, WebhookSender webhooks, SelfHealingOptions selfHealing, TimeProvider clock, CancellationToken cancellation)
    {
        var stats = await Ask.ActorAsync<AnalyticsProtocol.Stats, ErrorRegistry>(registry, AnalyticsProtocol.GetStats.Instance, "the error registry", cancellation);
        var views = await Ask.ActorAsync<BreakerProtocol.BreakerView[], BreakerRegistry>(breakers, BreakerProtocol.GetBreakers.Instance, "the breakers", cancellation);
        var index = await tasks.IndexStatusAsync(cancellation);
        var running = await tasks.ListAsync(Tasks.TaskStatus.Running, null, 0, TaskClient.MaxListLimit, cancellation);
        var now = clock.GetUtcNow();
        // Running longer than the stuck threshold since its last event: worth a look (the entity's watchdog acts on silent runners).
        var stuck = running.Items.Where(t => now - t.UpdatedAt > selfHealing.StuckAfter)
            .Select(t => new { t.Id, t.Tool, since = t.UpdatedAt, runningFor = (now - t.UpdatedAt).TotalSeconds }).ToList();
        var cluster = Cluster.Get(system).State;
        var unreachable = cluster.Unreachable.Select(m => m.Address.ToString()).ToList();
        var healthy = stats.Anomalies.Count == 0 && unreachable.Count == 0 && gate.JournalHealthy && views.All(v => v.Status == BreakerStatus.Closed);
        return TypedResults.Json(new
        {
            status = healthy ? "healthy" : "attention",
            anomalies = stats.Anomalies,
            window = stats.Window,
            openBreakers = views.Where(v => v.Status != BreakerStatus.Closed)
                .Select(v => new { v.Service, status = v.Status.ToString(), v.FailureRatio, v.NextHalfOpenAt }),
            stuckTasks = stuck,
            deadLetterQueue = index.DeadLettered,
            backlog = index.Unfinished,
            taskIndex = new { caughtUp = index.CaughtUp, tasks = index.Tasks, offset = index.Offset, rereads = index.Rereads, lateEvents = index.LateEvents },
            intake = new
            {
                journal = gate.JournalHealthy ? "reachable" : "unreachable",
                low = gate.Refusal(TaskPriority.Low) ?? "accepted",
                normal = gate.Refusal(TaskPriority.Normal) ?? "accepted",
                managedMb = gate.ManagedMb,
            },
            notificationsPending = webhooks.Pending,
            cluster = new
            {
                self = Cluster.Get(system).SelfAddress.ToString(),
                leader = cluster.Leader?.ToString(),
                members = cluster.Members.Select(m => new { address = m.Address.ToString(), status = m.Status.ToString() }),
                unreachable,
            },
            selfHealingActions = stats.Actions,
            registryComplete = stats.CaughtUp,
        }, Json.Options);
    }
}
