using System.Collections.Immutable;
using FaultTolerantRunner.Serialization;
using FaultTolerantRunner.Taxonomy;

namespace FaultTolerantRunner.Recovery;

/// <summary>One line of a fingerprint's recovery history.</summary>
public sealed record RecoveryHistoryEntry(DateTimeOffset At, string Kind, int Level, string? Strategy, string? TaskId, string Detail);

/// <summary>
/// An error fingerprint as its events make it: the current recovery level (1..5, 0 before the first failure), the
/// strategies' records and a bounded history. <see cref="Apply"/> is the only way it changes.
/// </summary>
/// <param name="RaisedSeverity">The severity repetition raised the fingerprint's reports to; null while not raised.</param>
/// <param name="BaseSeverity">While raised: the severity before the first rise, what a reset falls back to.</param>
/// <param name="RaiseWindow">When the reports since the last rise (or reset) came, newest last, at most the history limit.</param>
public sealed record RecoveryState(
    string Fingerprint,
    ErrorCategory? Category,
    string? Tool,
    Severity? Severity,
    int Level,
    DateTimeOffset? LevelSince,
    DateTimeOffset? FirstSeen,
    DateTimeOffset? LastSeen,
    long Occurrences,
    int SuccessStreak,
    bool Resolved,
    string? LastMessage,
    ImmutableDictionary<string, StrategyRecord> Strategies,
    ImmutableList<RecoveryHistoryEntry> History,
    long DeadLettered = 0,
    long Alerts = 0,
    long Incidents = 0,
    long Actions = 0,
    Severity? RaisedSeverity = null,
    Severity? BaseSeverity = null,
    ImmutableList<DateTimeOffset>? RaiseWindow = null) : IFtrSerializable
{
    public static RecoveryState Empty(string fingerprint) => new(fingerprint, null, null, null, 0, null, null, null, 0, 0, false, null,
        ImmutableDictionary<string, StrategyRecord>.Empty, ImmutableList<RecoveryHistoryEntry>.Empty);

    /// <summary>The severity a report of this fingerprint carries: its own, or the raised one if higher.</summary>
    public Severity EffectiveSeverity(Severity reported) => RaisedSeverity is { } raised && raised > reported ? raised : reported;

    /// <summary>The times of the reports counted towards the next rise.</summary>
    public ImmutableList<DateTimeOffset> ReportsSinceRaise => RaiseWindow ?? ImmutableList<DateTimeOffset>.Empty;

    public RecoveryState Apply(IRecoveryEvent e, int historyLimit)
    {
        var next = e switch
        {
            FailureRecorded f => this with
            {
                Category = f.Category, Tool = f.Tool, Severity = f.Severity, FirstSeen = FirstSeen ?? f.At, LastSeen = f.At,
                Occurrences = Occurrences + 1, SuccessStreak = 0, Resolved = false, LastMessage = f.Message,
                RaiseWindow = Bounded(ReportsSinceRaise.Add(f.At), historyLimit),
            },
            SeverityRaised r => this with
            {
                Severity = r.To, RaisedSeverity = r.To, BaseSeverity = BaseSeverity ?? r.From, RaiseWindow = ImmutableList<DateTimeOffset>.Empty,
            },
            SeverityReset r => this with { Severity = r.To, RaisedSeverity = null, BaseSeverity = null, RaiseWindow = ImmutableList<DateTimeOffset>.Empty },
            LevelChanged c => this with { Level = c.To, LevelSince = c.At, SuccessStreak = c.To < c.From ? 0 : SuccessStreak },
            RecoveryActionChosen => this with { Actions = Actions + 1 },
            StrategyOutcome o => WithOutcome(o),
            TaskDeadLetteredRecorded => this with { DeadLettered = DeadLettered + 1 },
            NotificationRecorded n => n.Kind == "incident" ? this with { Incidents = Incidents + 1 } : this with { Alerts = Alerts + 1 },
            FingerprintResolved => this with { Resolved = true },
            _ => throw new ArgumentOutOfRangeException(nameof(e), e.GetType().Name, "unknown recovery event"),
        };
        var entry = Entry(e);
        if (entry is null) return next;
        return next with { History = Bounded(next.History.Add(entry), historyLimit) };
    }

    private static ImmutableList<T> Bounded<T>(ImmutableList<T> list, int limit) => list.Count > limit ? list.RemoveRange(0, list.Count - limit) : list;

    private RecoveryState WithOutcome(StrategyOutcome o)
    {
        var key = StrategySelector.Key(o.Level, o.Strategy);
        var record = Strategies.GetValueOrDefault(key) ?? new StrategyRecord(o.Level, o.Strategy, 0, 0, 0);
        record = o.Succeeded
            ? record with { Attempts = record.Attempts + 1, Successes = record.Successes + 1, TotalRecoveryMs = record.TotalRecoveryMs + o.RecoveryMs }
            : record with { Attempts = record.Attempts + 1 };
        return this with { Strategies = Strategies.SetItem(key, record), SuccessStreak = o.Succeeded ? SuccessStreak + 1 : 0 };
    }

    private static RecoveryHistoryEntry? Entry(IRecoveryEvent e) => e switch
    {
        LevelChanged c => new(c.At, c.To > c.From ? "escalated" : "reset", c.To, null, c.TaskId, $"level {c.From} -> {c.To}: {c.Reason}"),
        RecoveryActionChosen a => new(a.At, "action", a.Level, a.Strategy, a.TaskId, $"level {a.Level} ({RecoveryStrategies.LevelName(a.Level)}): {a.Strategy}; {a.Reason}"),
        StrategyOutcome o => new(o.At, "outcome", o.Level, o.Strategy, o.TaskId,
            o.Succeeded ? $"{o.Strategy} recovered the task in {o.RecoveryMs:0} ms" : $"{o.Strategy} did not recover the task"),
        TaskDeadLetteredRecorded d => new(d.At, "dead-lettered", 0, null, d.TaskId, d.Reason),
        NotificationRecorded n => new(n.At, n.Kind, 0, null, n.TaskId, $"{Names.Of(n.Severity)}: {n.Subject}"),
        FingerprintResolved r => new(r.At, "resolved", 0, null, null, r.Note),
        SeverityRaised r => new(r.At, "severity-raised", 0, null, null,
            $"{r.Count} reports within {r.Window}: severity {Names.Of(r.From)} -> {Names.Of(r.To)}"),
        SeverityReset r => new(r.At, "severity-reset", 0, null, null, $"severity {Names.Of(r.From)} -> {Names.Of(r.To)}: {r.Reason}"),
        _ => null,
    };
}
