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
    long Actions = 0) : IFtrSerializable
{
    public static RecoveryState Empty(string fingerprint) => new(fingerprint, null, null, null, 0, null, null, null, 0, 0, false, null,
        ImmutableDictionary<string, StrategyRecord>.Empty, ImmutableList<RecoveryHistoryEntry>.Empty);

    public RecoveryState Apply(IRecoveryEvent e, int historyLimit)
    {
        var next = e switch
        {
            FailureRecorded f => this with
            {
                Category = f.Category, Tool = f.Tool, Severity = f.Severity, FirstSeen = FirstSeen ?? f.At, LastSeen = f.At,
                Occurrences = Occurrences + 1, SuccessStreak = 0, Resolved = false, LastMessage = f.Message,
            },
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
        var history = next.History.Add(entry);
        if (history.Count > historyLimit) history = history.RemoveRange(0, history.Count - historyLimit);
        return next with { History = history };
    }

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
        _ => null,
    };
}
