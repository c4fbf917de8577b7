using Akka.Actor;
using Akka.Event;
using FaultTolerantRunner.Errors;
using FaultTolerantRunner.Notifications;
using FaultTolerantRunner.Tasks;
using FaultTolerantRunner.Telemetry;
using FaultTolerantRunner.Taxonomy;

namespace FaultTolerantRunner.SelfHealing;

/// <summary>
/// The node's periodic health checks and their actions: a journal that does not answer pauses intake (and
/// readiness fails) until it answers again; a backlog or memory pressure turns on load shedding. Every change is
/// a self-healing action: logged, counted, recorded in the error registry and notified. Stuck attempts are caught
/// by their own task entity's heartbeat watchdog.
/// </summary>
public sealed class HealthMonitor : ReceiveActor, IWithTimers
{
    public const string Name = "ftr-health-monitor";

    private readonly SelfHealingOptions _options;
    private readonly IntakeGate _gate;
    private readonly Func<CancellationToken, Task> _probeJournal;
    private readonly IActorRef _taskIndex;
    private readonly IActorRef? _notifier;
    private readonly TimeProvider _clock;
    private readonly string _node;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private bool _checking;
    private string? _shedding;

    public HealthMonitor(SelfHealingOptions options, IntakeGate gate, Func<CancellationToken, Task> probeJournal, IActorRef taskIndex,
        IActorRef? notifier, TimeProvider clock, string node)
    {
        _options = options;
        _gate = gate;
        _probeJournal = probeJournal;
        _taskIndex = taskIndex;
        _notifier = notifier;
        _clock = clock;
        _node = node;

        Receive<Tick>(_ =>
        {
            if (_checking) return;
            _checking = true;
            CheckAsync().PipeTo(Self);
        });
        Receive<Checked>(OnChecked);
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(SelfHealingOptions options, IntakeGate gate, Func<CancellationToken, Task> probeJournal, IActorRef taskIndex,
        IActorRef? notifier, TimeProvider clock, string node) =>
        Akka.Actor.Props.Create(() => new HealthMonitor(options, gate, probeJournal, taskIndex, notifier, clock, node));

    protected override void PreStart() => Timers.StartPeriodicTimer("tick", Tick.Instance, TimeSpan.Zero, _options.Interval);

    private async Task<Checked> CheckAsync()
    {
        string? journalError = null;
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(Math.Max(1, _options.Interval.TotalSeconds)));
            await _probeJournal(timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            journalError = e.Message;
        }
        var backlog = _gate.Backlog;
        var deadLettered = _gate.DeadLettered;
        try
        {
            var status = await _taskIndex.Ask<TaskIndexProtocol.IndexStatus>(TaskIndexProtocol.GetIndexStatus.Instance, TimeSpan.FromSeconds(5)).ConfigureAwait(false);
            backlog = status.Unfinished;
            deadLettered = status.DeadLettered;
        }
        catch (Exception)
        {
            // Keep the last known backlog; the index answers again once it is less busy.
        }
        return new Checked(journalError, backlog, GC.GetTotalMemory(false) / (1024 * 1024), deadLettered);
    }

    private void OnChecked(Checked check)
    {
        _checking = false;
        var wasHealthy = _gate.JournalHealthy;
        _gate.Update(check.JournalError is null, check.Backlog, check.ManagedMb, check.DeadLettered);
        if (wasHealthy && check.JournalError is not null)
            Act("intake-paused", Severity.Critical, $"journal unreachable ({check.JournalError}): intake paused, readiness fails until it answers again");
        else if (!wasHealthy && check.JournalError is null)
            Act("intake-resumed", Severity.Medium, "journal reachable again: intake resumed");

        var shedding = _gate.Refusal(TaskPriority.Low) is { } why && check.JournalError is null ? why : null;
        if (shedding is not null && _shedding is null) Act("shedding-started", Severity.High, shedding);
        else if (shedding is null && _shedding is not null) Act("shedding-stopped", Severity.Medium, $"backlog {check.Backlog}, managed memory {check.ManagedMb} MiB: all priorities accepted again");
        _shedding = shedding;
    }

    private void Act(string kind, Severity severity, string detail)
    {
        var now = _clock.GetUtcNow();
        _log.Warning("self-healing: {0}: {1}", kind, detail);
        RunnerMetrics.SelfHealingAction(kind);
        Context.System.EventStream.Publish(new SelfHealingAction(kind, detail, _node, now));
        _notifier?.Tell(new Notification(Guid.NewGuid().ToString("N"), severity, "self-healing", $"{kind}: {detail}", null, null, null, _node, now));
    }

    private sealed record Checked(string? JournalError, int Backlog, long ManagedMb, int DeadLettered);

    private sealed class Tick
    {
        public static readonly Tick Instance = new();
    }
}
