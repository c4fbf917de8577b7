using System.Collections.Immutable;
using FaultTolerantRunner.Serialization;

namespace FaultTolerantRunner.Schedules;

/// <summary>
/// A schedule as its journal tells it. <paramref name="Cursor"/> is the timer: every occurrence up to it is handled (fired,
/// skipped, buffered, missed or failed), so the next due one is the cron's first occurrence after it.
/// </summary>
public sealed record ScheduleState(
    string Name,
    ScheduleSpec? Spec,
    bool Paused,
    bool Deleted,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset Cursor,
    string? LastTaskId,
    DateTimeOffset? Pending,
    long Fired,
    ImmutableList<ScheduleFiring> Recent) : IFtrSerializable
{
    public static ScheduleState Empty(string name) =>
        new(name, null, false, false, default, default, default, null, null, 0, ImmutableList<ScheduleFiring>.Empty);

    public bool Exists => Spec is not null && !Deleted;

    public ScheduleState Apply(IScheduleEvent e) => (e switch
    {
        ScheduleCreated c => Empty(Name) with { Spec = c.Spec, CreatedAt = c.At, Cursor = c.At },
        ScheduleUpdated u => this with { Spec = u.Spec, Cursor = Later(Cursor, u.At), Pending = null },
        SchedulePaused => this with { Paused = true, Pending = null },
        ScheduleResumed r => this with { Paused = false, Cursor = Later(Cursor, r.At) },
        ScheduleDeleted => this with { Deleted = true, Pending = null },
        OccurrenceFired f => Record(this with { Cursor = Later(Cursor, f.Occurrence), LastTaskId = f.TaskId, Fired = Fired + 1,
            Pending = Pending == f.Occurrence ? null : Pending }, new ScheduleFiring(f.Occurrence, "fired", f.TaskId, null, f.At)),
        ScheduleTriggered t => Record(this with { LastTaskId = t.TaskId, Fired = Fired + 1 }, new ScheduleFiring(t.Occurrence, "triggered", t.TaskId, null, t.At)),
        OccurrenceSkipped s => Record(this with { Cursor = Later(Cursor, s.Occurrence) }, new ScheduleFiring(s.Occurrence, "skipped", null, s.Reason, s.At)),
        OccurrenceBuffered b => Record(this with { Cursor = Later(Cursor, b.Occurrence), Pending = b.Occurrence },
            new ScheduleFiring(b.Occurrence, "buffered", null, $"waits for task {b.AfterTaskId}", b.At)),
        OccurrencesMissed m => Record(this with { Cursor = Later(Cursor, m.To) },
            new ScheduleFiring(m.To, "missed", null, m.Count == 1 ? null : $"{m.Count} occurrences from {m.From:O}", m.At, m.Count)),
        OccurrenceFailed f => Record(this with { Cursor = Later(Cursor, f.Occurrence), Pending = Pending == f.Occurrence ? null : Pending },
            new ScheduleFiring(f.Occurrence, "failed", null, f.Reason, f.At)),
        _ => this,
    }) with { UpdatedAt = e.At };

    private static ScheduleState Record(ScheduleState state, ScheduleFiring firing)
    {
        var recent = state.Recent.Add(firing);
        return state with { Recent = recent.Count > ScheduleDefaults.HistoryLimit ? recent.RemoveAt(0) : recent };
    }

    private static DateTimeOffset Later(DateTimeOffset a, DateTimeOffset b) => a >= b ? a : b;
}
