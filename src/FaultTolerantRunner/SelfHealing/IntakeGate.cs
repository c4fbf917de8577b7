namespace FaultTolerantRunner.SelfHealing;

/// <summary>
/// Whether this node takes new submissions, set by the health monitor: a failing journal pauses all intake (nothing
/// could be accepted durably); a backlog or memory pressure sheds low priority first, then normal. Resubmissions of
/// tasks already accepted are always answered: shedding never loses an accepted task.
/// </summary>
public sealed class IntakeGate
{
    private volatile State _state = new(true, 0, 0, 0);
    private readonly SelfHealingOptions _options;

    public IntakeGate(SelfHealingOptions options) => _options = options;

    public bool JournalHealthy => _state.JournalHealthy;

    public int Backlog => _state.Backlog;

    public long ManagedMb => _state.ManagedMb;

    /// <summary>Tasks in the dead-letter queue at the last check (for the gauge).</summary>
    public int DeadLettered => _state.DeadLettered;

    public TimeSpan RetryAfter => _options.RetryAfter;

    /// <summary>Returns why a submission of this priority is refused right now, or null when it is taken.</summary>
    public string? Refusal(TaskPriority priority)
    {
        var s = _state;
        if (!s.JournalHealthy) return "intake paused: the journal is unreachable, so nothing can be accepted durably";
        if (priority == TaskPriority.High) return null;
        if (s.Backlog > _options.HardBacklogLimit) return $"load shedding: {s.Backlog} unfinished tasks exceed SelfHealing:HardBacklogLimit {_options.HardBacklogLimit}";
        if (priority == TaskPriority.Normal) return null;
        if (s.Backlog > _options.BacklogLimit) return $"load shedding: {s.Backlog} unfinished tasks exceed SelfHealing:BacklogLimit {_options.BacklogLimit}; low-priority submissions are shed";
        if (s.ManagedMb > _options.MemoryLimitMb) return $"load shedding: managed memory {s.ManagedMb} MiB exceeds SelfHealing:MemoryLimitMb {_options.MemoryLimitMb}; low-priority submissions are shed";
        return null;
    }

    public void Update(bool journalHealthy, int backlog, long managedMb, int deadLettered = 0) => _state = new State(journalHealthy, backlog, managedMb, deadLettered);

    private sealed record State(bool JournalHealthy, int Backlog, long ManagedMb, int DeadLettered);
}
