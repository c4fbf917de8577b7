namespace FaultTolerantRunner.Chaos.Tests.Support;

/// <summary>
/// Reads task journals for the promise "a recovery action is journaled before it runs".
/// A <b>recovery action</b> is a journaled decision that shapes a task's next attempt, taken after attempt n ended:
/// the retry decision (<c>AttemptFailed</c> with <c>retryAt</c>: retry, after this backoff; or <c>AttemptInterrupted</c>
/// with <c>retryAt</c>: run the cut-short attempt again), the recovery plan of the
/// error's fingerprint (<c>RecoveryPlanned</c>: level, strategy, timeout factor, reduced parameters, handler reset,
/// relocation) and a chosen fallback (<c>FallbackChosen</c>). It <b>runs</b> with attempt n + 1, which starts with
/// <c>AttemptStarted(n + 1)</c>. It is journaled before it ran when its sequence number and time are below that start's.
/// Every attempt after the first is a recovery: one that starts with no retry decision for it before it counts against
/// the share (an attempt run on an unjournaled decision), as does an action whose attempt never started.
/// </summary>
public sealed class RecoveryAudit
{
    private readonly List<string> _violations = [];

    /// <summary>Actions whose attempt started later in the journal, at a later or equal time.</summary>
    public int JournaledBefore { get; private set; }

    /// <summary>Actions that are not (their attempt started first, or never).</summary>
    public int NotBefore { get; private set; }

    /// <summary>Attempts after the first that started without a journaled retry decision for them.</summary>
    public int UndecidedRetries { get; private set; }

    public int RetryDecisions { get; private set; }

    /// <summary>Recovery plans by level.</summary>
    public SortedDictionary<int, int> PlansByLevel { get; } = [];

    /// <summary>Retry attempts that started before their journaled <c>retryAt</c> (the backoff cut short).</summary>
    public int EarlyRetries { get; private set; }

    /// <summary>Failed attempts by error type and message (the chaos faults read "chaos: ..."), and interrupted attempts.</summary>
    public SortedDictionary<string, int> Failures { get; } = new(StringComparer.Ordinal);

    public int Interruptions { get; private set; }

    public int Actions => JournaledBefore + NotBefore;

    /// <summary>The share of recovery actions journaled before they ran, counting undecided retries as unjournaled actions.</summary>
    public double Share => Actions + UndecidedRetries == 0 ? 1 : (double)JournaledBefore / (Actions + UndecidedRetries);

    public IReadOnlyList<string> Violations => _violations;

    public void Read(string taskId, IReadOnlyList<JournalEntry> journal)
    {
        // Actions taken since the last attempt ended, each with the attempt number it shapes.
        var pending = new List<(JournalEntry Entry, int ForAttempt)>();
        var lastEnded = 0;
        DateTimeOffset? retryAt = null;
        foreach (var entry in journal)
        {
            var e = entry.Event;
            switch (entry.Manifest)
            {
                case "AttemptFailed":
                    lastEnded = (int)e["attempt"]!;
                    var kind = $"{(string?)e["error"]?["type"]}: {(string?)e["error"]?["message"]}";
                    Failures[kind] = Failures.GetValueOrDefault(kind) + 1;
                    if (e["retryAt"] is { } at) // JSON null reads as no node
                    {
                        RetryDecisions++;
                        retryAt = (DateTimeOffset)at;
                        pending.Add((entry, lastEnded + 1));
                    }
                    break;
                case "RecoveryPlanned":
                    var level = (int)e["level"]!;
                    PlansByLevel[level] = PlansByLevel.GetValueOrDefault(level) + 1;
                    pending.Add((entry, lastEnded + 1));
                    break;
                case "AttemptInterrupted":
                    // Run again after a delay: a decision of its own, taken without a failure.
                    Interruptions++;
                    lastEnded = (int)e["attempt"]!;
                    if (e["retryAt"] is { } rerunAt)
                    {
                        RetryDecisions++;
                        retryAt = (DateTimeOffset)rerunAt;
                        pending.Add((entry, lastEnded + 1));
                    }
                    break;
                case "FallbackChosen":
                    pending.Add((entry, lastEnded + 1));
                    break;
                case "AttemptStarted":
                    Started(taskId, entry, pending, retryAt);
                    pending.Clear();
                    retryAt = null;
                    break;
            }
        }
        // A task that ended has no attempt left to run: an action still pending was never carried out.
        foreach (var (entry, forAttempt) in pending)
            Against(taskId, $"{entry.Manifest} #{entry.Sequence} for attempt {forAttempt}, which never started");
    }

    private void Started(string taskId, JournalEntry start, List<(JournalEntry Entry, int ForAttempt)> pending, DateTimeOffset? retryAt)
    {
        var attempt = (int)start.Event["attempt"]!;
        var startedAt = (DateTimeOffset)start.Event["at"]!;
        if (attempt > 1 && !pending.Any(p => p.Entry.Manifest is "AttemptFailed" or "AttemptInterrupted" && p.ForAttempt == attempt))
        {
            UndecidedRetries++;
            _violations.Add($"{taskId}: attempt {attempt} (#{start.Sequence}) started without a journaled retry decision before it");
        }
        if (retryAt is { } due && startedAt < due)
        {
            EarlyRetries++;
            _violations.Add($"{taskId}: attempt {attempt} started at {startedAt:O}, before its journaled retry time {due:O}");
        }
        foreach (var (entry, forAttempt) in pending)
        {
            var at = (DateTimeOffset)entry.Event["at"]!;
            if (forAttempt == attempt && entry.Sequence < start.Sequence && at <= startedAt) JournaledBefore++;
            else Against(taskId, $"{entry.Manifest} #{entry.Sequence} for attempt {forAttempt} met attempt {attempt} (#{start.Sequence}, at {startedAt:O}; action at {at:O})");
        }
    }

    private void Against(string taskId, string what)
    {
        NotBefore++;
        _violations.Add($"{taskId}: {what}");
    }
}
