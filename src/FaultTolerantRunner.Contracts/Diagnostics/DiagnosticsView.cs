namespace FaultTolerantRunner.Contracts;

/// <summary><c>GET /api/diagnostics</c>: one look at what is wrong on this node, <c>healthy</c> or <c>attention</c>.</summary>
public sealed record DiagnosticsView(
    string Status,
    IReadOnlyList<AnomalyView> Anomalies,
    WindowView Window,
    IReadOnlyList<OpenBreakerView> OpenBreakers,
    IReadOnlyList<StuckTaskView> StuckTasks,
    int DeadLetterQueue,
    int Backlog,
    TaskIndexView TaskIndex,
    IntakeView Intake,
    long NotificationsPending,
    ClusterSummaryView Cluster,
    IReadOnlyList<SelfHealingActionView> SelfHealingActions,
    bool RegistryComplete);
