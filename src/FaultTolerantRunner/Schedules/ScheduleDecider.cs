using static FaultTolerantRunner.Schedules.ScheduleCommand;
using static FaultTolerantRunner.Schedules.ScheduleEffect;

namespace FaultTolerantRunner.Schedules;

/// <summary>
/// What a schedule does, as a pure function of its journaled state, a command and the time. One occurrence is fired per
/// decision and journaled (<see cref="OccurrenceFired"/>) once its task is accepted, before the next is looked at, so the
/// cursor never passes an occurrence whose task may not exist; a crash in between fires it again under the same key.
/// </summary>
public static class ScheduleDecider
{
    public static ScheduleDecision Decide(ScheduleState state, ScheduleCommand command, DateTimeOffset now, ScheduleOptions options) => command switch
    {
        Put put => OnPut(state, put.Spec, now, options),
        Pause => !state.Exists ? ScheduleDecision.NotFound : Answer(state.Paused ? [] : [new SchedulePaused(now)], new CancelTimer()),
        Resume => !state.Exists ? ScheduleDecision.NotFound : AndTick(state, Answer(state.Paused ? [new ScheduleResumed(now)] : []), now, options),
        // Answered once the task is accepted (Submitted); an operator's run-now ignores the overlap rule.
        Trigger => !state.Exists ? ScheduleDecision.NotFound : Effects(new Fire(now, ScheduleKeys.Trigger(state.Name, now), Triggered: true)),
        Delete => !state.Exists ? ScheduleDecision.NotFound : Answer([new ScheduleDeleted(now)], new CancelTimer(), new Passivate()),
        Tick tick => OnTick(state, tick.PreviousFinished, now, options),
        Submitted s when s.Triggered => AndTick(state, Answer([new ScheduleTriggered(s.Occurrence, s.TaskId, now)]), now, options),
        Submitted s => AndTick(state, Events(new OccurrenceFired(s.Occurrence, s.TaskId, now)), now, options),
        SubmitFailed f when f.Triggered => AndTick(state, new ScheduleDecision([], true, f.Reason, []), now, options),
        // For now (journal slow, load shed): the same occurrence again shortly; if it grows late, catchUp decides.
        SubmitFailed { Transient: true } => Effects(new SetTimer(now + ScheduleDefaults.SubmitRetryDelay)),
        SubmitFailed f => AndTick(state, Events(new OccurrenceFailed(f.Occurrence, f.Reason, now)), now, options),
        StatusUnavailable => state.Exists && !state.Paused ? Effects(new SetTimer(now + options.StatusPollInterval)) : ScheduleDecision.Nothing,
        _ => ScheduleDecision.Nothing,
    };

    private static ScheduleDecision OnPut(ScheduleState state, ScheduleSpec spec, DateTimeOffset now, ScheduleOptions options)
    {
        IScheduleEvent[] events = !state.Exists ? [new ScheduleCreated(spec, now)] : state.Spec == spec ? [] : [new ScheduleUpdated(spec, now)];
        return AndTick(state, Answer(events), now, options);
    }

    private static ScheduleDecision OnTick(ScheduleState state, bool? previousFinished, DateTimeOffset now, ScheduleOptions options)
    {
        if (state is { Deleted: true } or { Spec: null }) return Effects(new Passivate());
        if (state.Paused) return ScheduleDecision.Nothing;
        var spec = state.Spec;
        var cron = ScheduleCron.Of(spec);
        var last = state.LastTaskId;
        // An unfinished previous task only matters when the overlap rule is not allow (a buffered occurrence is buffer-one's).
        var mustAsk = last is not null && previousFinished is null && (spec.Overlap != ScheduleOverlap.Allow || state.Pending is not null);
        if (state.Pending is { } pending)
        {
            if (mustAsk) return Effects(new AskStatus(last!));
            if (previousFinished != false) return Effects(new Fire(pending, ScheduleKeys.Occurrence(state.Name, pending), Triggered: false));
        }

        var (missed, due) = Due(state, cron, now, options);
        var events = new List<IScheduleEvent>();
        if (missed is not null) events.Add(missed);
        if (state.Pending is null && due.Count > 0)
        {
            var first = due[0];
            if (spec.Overlap == ScheduleOverlap.Allow || last is null || previousFinished == true)
                return Events(events, new Fire(first, ScheduleKeys.Occurrence(state.Name, first), Triggered: false));
            if (mustAsk) return Events(events, new AskStatus(last!));
            if (spec.Overlap == ScheduleOverlap.BufferOne)
            {
                events.Add(new OccurrenceBuffered(first, last!, now));
                due = due.Skip(1).ToArray();
            }
        }
        var reason = state.Pending is not null || spec.Overlap == ScheduleOverlap.BufferOne
            ? $"an occurrence already waits for task {last}"
            : $"task {last} of the previous occurrence is unfinished";
        events.AddRange(due.Select(o => new OccurrenceSkipped(o, reason, now)));

        var after = events.Aggregate(state, (s, e) => s.Apply(e));
        var next = cron.Next(after.Cursor);
        DateTimeOffset? wake = after.Pending is not null ? Earliest(next, now + options.StatusPollInterval) : next;
        return Events(events, wake is { } at ? new SetTimer(at) : new CancelTimer());
    }

    /// <summary>
    /// What is due now: occurrences later than the misfire threshold are missed, and the catch-up mode keeps none, the newest
    /// or the newest <c>MaxCatchUp</c> of them; the rest are one <see cref="OccurrencesMissed"/>. Oldest first.
    /// </summary>
    private static (IScheduleEvent? Missed, IReadOnlyList<DateTimeOffset> Due) Due(ScheduleState state, ScheduleCron cron, DateTimeOffset now, ScheduleOptions options)
    {
        var cutoff = now - options.MisfireThreshold;
        var onTime = cron.Between(state.Cursor > cutoff ? state.Cursor : cutoff, now, options.MaxCatchUp);
        if (state.Cursor >= cutoff) return (null, onTime);

        var keep = state.Spec!.CatchUp switch
        {
            ScheduleCatchUp.Latest => 1,
            ScheduleCatchUp.All => options.MaxCatchUp,
            _ => 0,
        };
        var kept = cron.Newest(state.Cursor, cutoff, keep);
        var missedUntil = kept.Count > 0 ? kept[0].AddTicks(-1) : cutoff;
        var missed = cron.Between(state.Cursor, missedUntil, ScheduleDefaults.MissedCountLimit);
        IScheduleEvent? record = missed.Count == 0
            ? null
            : new OccurrencesMissed(missed[0], missed.Count < ScheduleDefaults.MissedCountLimit ? missed[^1] : cron.Newest(state.Cursor, missedUntil, 1)[0],
                missed.Count, now);
        return (record, [.. kept, .. onTime]);
    }

    /// <summary>A decision, then the tick on the state after its events: every step ends with the timer set again.</summary>
    private static ScheduleDecision AndTick(ScheduleState state, ScheduleDecision decision, DateTimeOffset now, ScheduleOptions options) =>
        decision.Then(OnTick(decision.Events.Aggregate(state, (s, e) => s.Apply(e)), null, now, options));

    private static ScheduleDecision Answer(IReadOnlyList<IScheduleEvent> events, params ScheduleEffect[] effects) => new(events, true, null, effects);

    private static ScheduleDecision Events(params IScheduleEvent[] events) => new(events, false, null, []);

    private static ScheduleDecision Events(IReadOnlyList<IScheduleEvent> events, params ScheduleEffect[] effects) => new(events, false, null, effects);

    private static ScheduleDecision Effects(params ScheduleEffect[] effects) => new([], false, null, effects);

    private static DateTimeOffset Earliest(DateTimeOffset? a, DateTimeOffset b) => a is { } x && x < b ? x : b;
}
