using Akka.Actor;
using Akka.Cluster;
using Akka.Hosting;
using FaultTolerantRunner.Breakers;
using FaultTolerantRunner.Contracts;
using FaultTolerantRunner.Errors;
using FaultTolerantRunner.Problems;
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
        var stats = await registry.AskAsync<AnalyticsProtocol.Stats, ErrorRegistry>(AnalyticsProtocol.GetStats.Instance, "the error registry", cancellation);
        var views = await breakers.AskAsync<BreakerProtocol.BreakerView[], BreakerRegistry>(BreakerProtocol.GetBreakers.Instance, "the breakers", cancellation);
        var index = await tasks.IndexStatusAsync(cancellation);
        var running = await tasks.ListAsync(new TaskFilter(State: Tasks.TaskStatus.Running), 0, TaskClient.MaxListLimit, cancellation);
        var now = clock.GetUtcNow();
        // Running longer than the stuck threshold since its last event: worth a look (the entity's watchdog acts on silent runners).
        var stuck = running.Items.Where(t => now - t.UpdatedAt > selfHealing.StuckAfter)
            .Select(t => new StuckTaskView(t.Id, t.Tool, t.UpdatedAt, (now - t.UpdatedAt).TotalSeconds)).ToArray();
        var cluster = Cluster.Get(system);
        var unreachable = cluster.State.Unreachable.Select(m => m.Address.ToString()).ToArray();
        var healthy = stats.Anomalies.Count == 0 && unreachable.Length == 0 && gate.JournalHealthy && views.All(v => v.Status == BreakerStatus.Closed);
        var w = stats.Window;
        return TypedResults.Json(new DiagnosticsView(
            healthy ? "healthy" : "attention",
            stats.Anomalies.Select(a => new AnomalyView(a.Kind, a.Subject, a.Value, a.Threshold, a.Message, a.Recommendation, a.Since)).ToArray(),
            new WindowView(w.Window, w.AttemptsFinished, w.AttemptsFailed, w.ErrorRate, w.FailuresByCategory, w.FailuresBySeverity, w.RecoveriesSucceeded,
                w.RecoveriesFailed, w.RecoverySuccessRate, w.TopFingerprints),
            views.Where(v => v.Status != BreakerStatus.Closed).Select(v => new OpenBreakerView(v.Service, v.Status.ToString(), v.FailureRatio, v.NextHalfOpenAt)).ToArray(),
            stuck,
            index.DeadLettered,
            index.Unfinished,
            new TaskIndexView(index.CaughtUp, index.Tasks, index.Offset, index.Rereads, index.LateEvents),
            new IntakeView(gate.JournalHealthy ? "reachable" : "unreachable", gate.Refusal(TaskPriority.Low) ?? "accepted",
                gate.Refusal(TaskPriority.Normal) ?? "accepted", gate.ManagedMb),
            webhooks.Pending,
            new ClusterSummaryView(cluster.SelfAddress.ToString(), cluster.State.Leader?.ToString(),
                cluster.State.Members.Select(m => new MemberStatusView(m.Address.ToString(), m.Status.ToString())).ToArray(), unreachable),
            stats.Actions.Select(a => new SelfHealingActionView(a.Kind, a.Detail, a.Node, a.At)).ToArray(),
            stats.CaughtUp), WireJson.Options);
    }
}
