namespace FaultTolerantRunner.Schedules;

/// <summary>
/// The decider's answer: events to journal, whether to answer the sender (with the state once they are journaled, or
/// the <paramref name="Problem"/> code), and the effects to carry out.
/// </summary>
public sealed record ScheduleDecision(IReadOnlyList<IScheduleEvent> Events, bool Answer, string? Problem, IReadOnlyList<ScheduleEffect> Effects)
{
    public static readonly ScheduleDecision Nothing = new([], false, null, []);

    public static ScheduleDecision NotFound => new([], true, ScheduleProblems.NotFound, []);

    /// <summary>This decision's events and effects, then <paramref name="next"/>'s (decided on the state after these events).</summary>
    public ScheduleDecision Then(ScheduleDecision next) =>
        new([.. Events, .. next.Events], Answer || next.Answer, Problem ?? next.Problem, [.. Effects, .. next.Effects]);
}
