using FaultTolerantRunner.SelfHealing;
using Akka.Actor;
using Akka.Cluster;
using Akka.Event;
using Akka.Persistence.Query;
using FaultTolerantRunner.Notifications;
using FaultTolerantRunner.Projections;
using FaultTolerantRunner.Recovery;
using FaultTolerantRunner.Tasks;
using FaultTolerantRunner.Taxonomy;

namespace FaultTolerantRunner.Errors;

/// <summary>
/// The node's error registry and analytics, a read model of the journal: error reports and their fingerprint groups
/// (from the recovery entities' events, so they are durable and the same on every node), sliding-window statistics
/// (from the task events), recovery strategy metrics, anomalies with recommendations, and self-healing actions.
/// Memory is bounded by the retention settings; the journal keeps everything. Each tag is followed by a
/// <see cref="TagFollower"/>, which hands every event on at most once (its re-scans included), so no count doubles.
/// The <c>rescan</c> schedule applies to the recovery events.
/// </summary>
public sealed class ErrorRegistry : ReceiveActor, IWithTimers
{
    public const string Name = "ftr-error-registry";

    private readonly AnalyticsOptions _options;
    private readonly RecoveryOptions _recovery;
    private readonly TimeProvider _clock;
    private readonly IActorRef? _notifier;
    private readonly string _node;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Dictionary<string, ErrorGroup> _groups = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FailureRecorded> _reports = new(StringComparer.Ordinal);
    private readonly Queue<string> _reportOrder = new();
    private readonly Dictionary<(ErrorCategory Category, int Level, string Strategy), StrategyRecord> _strategies = new();
    private readonly SlidingWindow _attempts;
    private readonly SlidingWindow _occurrences;
    private readonly SlidingWindow _recoveries;
    private readonly LinkedList<SelfHealingAction> _actions = new();
    private readonly Dictionary<string, Anomaly> _active = new(StringComparer.Ordinal);
    private readonly TagFollower _taskEvents;
    private readonly TagFollower _recoveryEvents;
    private long _actionsRecorded;
    private long _outcomesRecorded;

    public ErrorRegistry(AnalyticsOptions options, RecoveryOptions recovery, TimeProvider clock, IActorRef? notifier, string node,
        RescanSchedule? rescan = null)
    {
        _options = options;
        _recovery = recovery;
        _clock = clock;
        _notifier = notifier;
        _node = node;
        _attempts = new SlidingWindow(options.Window);
        _occurrences = new SlidingWindow(options.Window);
        _recoveries = new SlidingWindow(options.Window);

        // Task events feed only the sliding window (minutes), and re-reading every task event twice more is the costliest
        // read a node could add: only the recovery events, which the durable groups and metrics count, are re-scanned.
        _taskEvents = new TagFollower(TaskEventTagger.Tag, "error registry", RescanSchedule.None, Index);
        _recoveryEvents = new TagFollower(RecoveryEventTagger.Tag, "error registry", rescan ?? RescanSchedule.Default, Index);

        Receive<TagFollower.Signal>(s => (s.Tag == _taskEvents.Tag ? _taskEvents : _recoveryEvents).Handle(s));
        Receive<SelfHealingAction>(Record);
        Receive<Check>(_ => CheckAnomalies());
        Receive<AnalyticsProtocol.ListErrors>(q => Sender.Tell(List(q)));
        Receive<AnalyticsProtocol.GetError>(q => Sender.Tell(Get(q.Id)));
        Receive<AnalyticsProtocol.GetStats>(_ =>
        {
            var stats = Stats();
            Sender.Tell(new AnalyticsProtocol.Stats(stats, AnomalyDetector.Detect(stats, _options, Now), _actions.ToList(), IsCaughtUp,
                _taskEvents.Rereads + _recoveryEvents.Rereads, _taskEvents.LateEvents + _recoveryEvents.LateEvents));
        });
        Receive<AnalyticsProtocol.ListLevels>(q => Sender.Tell(new AnalyticsProtocol.Levels(_groups.Values
            .Where(g => g.Level >= q.MinLevel).OrderByDescending(g => g.Level).ThenByDescending(g => g.LastSeen).ToList())));
        Receive<AnalyticsProtocol.GetStrategyMetrics>(_ => Sender.Tell(StrategyMetrics()));
    }

    public ITimerScheduler Timers { get; set; } = null!;

    private DateTimeOffset Now => _clock.GetUtcNow();

    private bool IsCaughtUp => _taskEvents.CaughtUp && _recoveryEvents.CaughtUp;

    public static Props Props(AnalyticsOptions options, RecoveryOptions recovery, TimeProvider clock, IActorRef? notifier, string node,
        RescanSchedule? rescan = null) =>
        Akka.Actor.Props.Create(() => new ErrorRegistry(options, recovery, clock, notifier, node, rescan));

    protected override void PreStart()
    {
        _taskEvents.Start(Context, Timers);
        _recoveryEvents.Start(Context, Timers);
        Context.System.EventStream.Subscribe(Self, typeof(SelfHealingAction));
        Timers.StartPeriodicTimer("check", Check.Instance, _options.CheckInterval);
    }

    private void Index(EventEnvelope envelope)
    {
        var horizon = Now - _options.Retention;
        switch (envelope.Event)
        {
            case AttemptSucceeded s:
                _attempts.Add(s.At, "", flag: true);
                break;
            case AttemptFailed f:
                _attempts.Add(f.At, $"{f.Error.Category}|{f.Error.Severity}", flag: false);
                break;
            case FailureRecorded f when f.At >= horizon:
                _groups[f.Fingerprint] = _groups.TryGetValue(f.Fingerprint, out var group) ? group.With(f) : ErrorGroup.From(f);
                _occurrences.Add(f.At, f.Fingerprint);
                _reports[f.ReportId] = f;
                _reportOrder.Enqueue(f.ReportId);
                Trim();
                break;
            case LevelChanged c:
                Update(envelope.PersistenceId, g => g with { Level = c.To });
                break;
            case RecoveryActionChosen:
                _actionsRecorded++;
                break;
            case StrategyOutcome o:
                _outcomesRecorded++;
                _recoveries.Add(o.At, o.Strategy, o.Succeeded);
                var category = CategoryOf(envelope.PersistenceId);
                var key = (category, o.Level, o.Strategy);
                var record = _strategies.GetValueOrDefault(key) ?? new StrategyRecord(o.Level, o.Strategy, 0, 0, 0);
                _strategies[key] = o.Succeeded
                    ? record with { Attempts = record.Attempts + 1, Successes = record.Successes + 1, TotalRecoveryMs = record.TotalRecoveryMs + o.RecoveryMs }
                    : record with { Attempts = record.Attempts + 1 };
                break;
            case TaskDeadLetteredRecorded:
                Update(envelope.PersistenceId, g => g with { DeadLettered = g.DeadLettered + 1 });
                break;
            case NotificationRecorded n:
                Update(envelope.PersistenceId, g => n.Kind == "incident" ? g with { Incidents = g.Incidents + 1 } : g with { Alerts = g.Alerts + 1 });
                break;
            case SeverityRaised r:
                Update(envelope.PersistenceId, g => g with { Severity = r.To });
                break;
            case SeverityReset r:
                Update(envelope.PersistenceId, g => g with { Severity = r.To });
                break;
            case FingerprintResolved r:
                Update(envelope.PersistenceId, g => g with { Status = "resolved", ResolvedAt = r.At });
                break;
        }
    }

    private static string FingerprintOf(string persistenceId) =>
        persistenceId.StartsWith("recovery-", StringComparison.Ordinal) ? persistenceId["recovery-".Length..] : persistenceId;

    /// <summary>Fingerprints read <c>tool:category:hash</c>.</summary>
    private static ErrorCategory CategoryOf(string persistenceId)
    {
        var parts = FingerprintOf(persistenceId).Split(':');
        return (parts.Length >= 3 ? Names.CategoryOf(parts[^2]) : null) ?? ErrorCategory.Unknown;
    }

    private void Update(string persistenceId, Func<ErrorGroup, ErrorGroup> change)
    {
        var fingerprint = FingerprintOf(persistenceId);
        if (_groups.TryGetValue(fingerprint, out var group)) _groups[fingerprint] = change(group);
    }

    private void Trim()
    {
        while (_reportOrder.Count > _options.MaxReports) _reports.Remove(_reportOrder.Dequeue());
        if (_groups.Count <= _options.MaxFingerprints) return;
        var excess = _groups.Count - _options.MaxFingerprints + _options.MaxFingerprints / 10;
        foreach (var old in _groups.Values.OrderBy(g => g.Status == "resolved" ? 0 : 1).ThenBy(g => g.LastSeen).Take(excess).ToList())
            _groups.Remove(old.Fingerprint);
    }

    private void Record(SelfHealingAction action)
    {
        _actions.AddFirst(action);
        while (_actions.Count > 200) _actions.RemoveLast();
    }

    private WindowStats Stats()
    {
        var now = Now;
        var attempts = _attempts.Within(now).ToList();
        var failed = attempts.Where(a => !a.Flag).ToList();
        var recoveries = _recoveries.Within(now).ToList();
        var ok = recoveries.Count(r => r.Flag);
        var top = _occurrences.Within(now).GroupBy(o => o.Key).Select(g => KeyValuePair.Create(g.Key, g.Count()))
            .OrderByDescending(p => p.Value).Take(10).ToList();
        return new WindowStats(_options.Window, attempts.Count, failed.Count, attempts.Count == 0 ? 0 : (double)failed.Count / attempts.Count,
            failed.GroupBy(f => f.Key.Split('|')[0]).ToDictionary(g => g.Key, g => g.Count()),
            failed.GroupBy(f => f.Key.Split('|')[^1]).ToDictionary(g => g.Key, g => g.Count()),
            ok, recoveries.Count - ok, recoveries.Count == 0 ? 1 : (double)ok / recoveries.Count, top);
    }

    /// <summary>Notifies anomalies when they start (on the cluster leader only, so a cluster sends each once).</summary>
    private void CheckAnomalies()
    {
        if (!IsCaughtUp) return;
        var found = AnomalyDetector.Detect(Stats(), _options, Now);
        var cluster = ((ExtendedActorSystem)Context.System).Provider is ClusterActorRefProvider ? Cluster.Get(Context.System) : null;
        var leader = cluster?.State.Leader is null || cluster.State.Leader.Equals(cluster.SelfAddress);
        foreach (var anomaly in found)
        {
            var key = $"{anomaly.Kind}|{anomaly.Subject}";
            if (_active.ContainsKey(key)) continue;
            _active[key] = anomaly;
            _log.Warning("anomaly {0}: {1}; recommendation: {2}", anomaly.Kind, anomaly.Message, anomaly.Recommendation);
            if (leader)
                _notifier?.Tell(new Notification(Guid.NewGuid().ToString("N"), Severity.High, "anomaly", $"{anomaly.Message}; {anomaly.Recommendation}",
                    anomaly.Kind == "fingerprint-burst" ? anomaly.Subject : null, null, null, _node, Now));
        }
        foreach (var gone in _active.Keys.Where(k => found.All(a => $"{a.Kind}|{a.Subject}" != k)).ToList()) _active.Remove(gone);
    }

    private AnalyticsProtocol.ErrorList List(AnalyticsProtocol.ListErrors q)
    {
        var matches = _groups.Values
            .Where(g => q.Category is null || g.Category == q.Category)
            .Where(g => q.Severity is null || g.Severity == q.Severity)
            .Where(g => q.Tool is null || g.Tool == q.Tool)
            .Where(g => q.Since is null || g.LastSeen >= q.Since)
            .Where(g => q.Status is null || g.Status == q.Status);
        var sorted = (q.Sort == "count" ? matches.OrderByDescending(g => g.Count) : matches.OrderByDescending(g => g.LastSeen))
            .ThenBy(g => g.Fingerprint, StringComparer.Ordinal).ToList();
        return new AnalyticsProtocol.ErrorList(sorted.Skip(q.Offset).Take(q.Limit).ToList(), sorted.Count, q.Offset, q.Limit, IsCaughtUp);
    }

    private object Get(string id)
    {
        if (_groups.TryGetValue(id, out var group))
            return new AnalyticsProtocol.ErrorDetail(group, group.RecentReports.Select(r => _reports.GetValueOrDefault(r)).OfType<FailureRecorded>().ToList());
        if (_reports.TryGetValue(id, out var report) && _groups.TryGetValue(report.Fingerprint, out var owner))
            return new AnalyticsProtocol.ErrorDetail(owner, [report]);
        return new AnalyticsProtocol.ErrorNotFound(id);
    }

    private AnalyticsProtocol.StrategyMetricsList StrategyMetrics() => new(_strategies
        .Select(s => new StrategyMetrics(s.Key.Category, s.Key.Level, s.Key.Strategy, s.Value.Attempts, s.Value.Successes, s.Value.SuccessRate,
            s.Value.MeanRecoveryMs, s.Value.Score(_recovery.RecoveryTimeScale)))
        .OrderBy(s => Names.Of(s.Category), StringComparer.Ordinal).ThenBy(s => s.Level).ThenByDescending(s => s.Score).ToList(), _actionsRecorded, _outcomesRecorded);

    private sealed class Check
    {
        public static readonly Check Instance = new();
    }
}
