using FaultTolerantRunner.Problems;
using FaultTolerantRunner.Schedules;
using static FaultTolerantRunner.Schedules.ScheduleCommand;
using static FaultTolerantRunner.Schedules.ScheduleEffect;

namespace FaultTolerantRunner.Tests.Schedules;

/// <summary>The schedule's rules on a fixed clock, without actors: when it fires, skips, buffers, catches up, pauses and triggers.</summary>
public sealed class ScheduleDeciderSpecs
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 3, 10, 0, 0, TimeSpan.Zero);
    private static readonly ScheduleOptions Options = new();

    private static ScheduleSpec Spec(string cron = "*/10 * * * * *", ScheduleOverlap overlap = ScheduleOverlap.Allow,
        ScheduleCatchUp catchUp = ScheduleCatchUp.None, string zone = "UTC") =>
        new("nightly", cron, zone, "echo", """{"text":"hi"}""", overlap, catchUp);

    private static ScheduleState Created(ScheduleSpec spec, DateTimeOffset? at = null) =>
        ScheduleState.Empty(spec.Name).Apply(new ScheduleCreated(spec, at ?? T0));

    private static (ScheduleState State, ScheduleDecision Decision) Run(ScheduleState state, ScheduleCommand command, DateTimeOffset now)
    {
        var decision = ScheduleDecider.Decide(state, command, now, Options);
        return (decision.Events.Aggregate(state, (s, e) => s.Apply(e)), decision);
    }

    /// <summary>Fires what a tick decides and reports it submitted, as the entity does, until the decision sets a timer.</summary>
    private static (ScheduleState State, List<DateTimeOffset> Fired) Settle(ScheduleState state, DateTimeOffset now, bool? previousFinished = null)
    {
        var fired = new List<DateTimeOffset>();
        var (s, d) = Run(state, new Tick(previousFinished), now);
        for (var i = 0; i < 500; i++)
        {
            if (d.Effects.OfType<Fire>().SingleOrDefault() is { } fire)
            {
                fired.Add(fire.Occurrence);
                (s, d) = Run(s, new Submitted(fire.Occurrence, "task-" + fire.IdempotencyKey, false), now);
            }
            else if (d.Effects.OfType<AskStatus>().Any()) (s, d) = Run(s, new Tick(previousFinished), now);
            else return (s, fired);
        }
        throw new InvalidOperationException("the decider did not settle within 500 steps");
    }

    [Fact]
    public void A_new_schedule_sets_its_timer_to_the_first_occurrence_after_its_creation()
    {
        var (state, decision) = Run(ScheduleState.Empty("nightly"), new Put(Spec()), T0.AddSeconds(3));

        Assert.IsType<ScheduleCreated>(Assert.Single(decision.Events));
        Assert.True(decision.Answer);
        Assert.Equal(T0.AddSeconds(10), Assert.IsType<SetTimer>(Assert.Single(decision.Effects)).At);
        Assert.True(state.Exists);
    }

    [Fact]
    public void A_due_occurrence_fires_with_a_key_of_name_and_occurrence_time_and_is_journaled_once_accepted()
    {
        var state = Created(Spec());

        var (_, decision) = Run(state, new Tick(), T0.AddSeconds(10.2));
        var fire = Assert.IsType<Fire>(Assert.Single(decision.Effects));
        Assert.Empty(decision.Events);
        Assert.Equal("schedule:nightly:2026-12-03T10:00:10Z", fire.IdempotencyKey);

        var (after, submitted) = Run(state, new Submitted(fire.Occurrence, "t1", false), T0.AddSeconds(10.3));
        Assert.Equal(T0.AddSeconds(10), Assert.IsType<OccurrenceFired>(submitted.Events[0]).Occurrence);
        Assert.Equal(T0.AddSeconds(20), Assert.IsType<SetTimer>(submitted.Effects[^1]).At);
        Assert.Equal("t1", after.LastTaskId);
    }

    [Fact]
    public void An_occurrence_is_never_fired_twice_once_journaled()
    {
        var (state, fired) = Settle(Created(Spec()), T0.AddSeconds(10.5));
        var (_, again) = Settle(state, T0.AddSeconds(11));

        Assert.Equal([T0.AddSeconds(10)], fired);
        Assert.Empty(again);
    }

    [Fact]
    public void Skip_records_an_occurrence_as_skipped_while_the_previous_task_is_unfinished_and_fires_once_it_has_finished()
    {
        var (state, _) = Settle(Created(Spec(overlap: ScheduleOverlap.Skip)), T0.AddSeconds(10));

        var (asked, ask) = Run(state, new Tick(), T0.AddSeconds(20));
        Assert.Equal(state.LastTaskId, Assert.IsType<AskStatus>(Assert.Single(ask.Effects)).TaskId);
        var (skipped, unfinished) = Run(asked, new Tick(PreviousFinished: false), T0.AddSeconds(20));
        Assert.Equal(T0.AddSeconds(20), Assert.IsType<OccurrenceSkipped>(Assert.Single(unfinished.Events)).Occurrence);
        Assert.Equal(T0.AddSeconds(30), Assert.IsType<SetTimer>(Assert.Single(unfinished.Effects)).At);

        var (_, fired) = Settle(skipped, T0.AddSeconds(30), previousFinished: true);
        Assert.Equal([T0.AddSeconds(30)], fired);
    }

    [Fact]
    public void Allow_fires_without_asking_about_the_previous_task()
    {
        var (state, _) = Settle(Created(Spec(overlap: ScheduleOverlap.Allow)), T0.AddSeconds(10));

        var (_, decision) = Run(state, new Tick(), T0.AddSeconds(20));

        Assert.IsType<Fire>(Assert.Single(decision.Effects));
    }

    [Fact]
    public void Buffer_one_keeps_one_occurrence_polls_the_previous_task_and_fires_it_when_that_has_finished()
    {
        var (state, _) = Settle(Created(Spec(overlap: ScheduleOverlap.BufferOne)), T0.AddSeconds(10));

        var (buffered, decision) = Run(state, new Tick(PreviousFinished: false), T0.AddSeconds(20));
        Assert.Equal(T0.AddSeconds(20), Assert.IsType<OccurrenceBuffered>(Assert.Single(decision.Events)).Occurrence);
        Assert.Equal(T0.AddSeconds(20) + Options.StatusPollInterval, Assert.IsType<SetTimer>(Assert.Single(decision.Effects)).At);

        // A further occurrence while one waits is skipped: at most one is kept.
        var (stillWaiting, second) = Run(buffered, new Tick(PreviousFinished: false), T0.AddSeconds(30));
        Assert.Equal(T0.AddSeconds(30), Assert.IsType<OccurrenceSkipped>(Assert.Single(second.Events)).Occurrence);
        Assert.Equal(T0.AddSeconds(20), stillWaiting.Pending);

        var (done, fired) = Settle(stillWaiting, T0.AddSeconds(31), previousFinished: true);
        Assert.Equal([T0.AddSeconds(20)], fired);
        Assert.Null(done.Pending);
    }

    [Fact]
    public void Catch_up_none_records_the_missed_occurrences_and_waits_for_the_next()
    {
        var (state, fired) = Settle(Created(Spec(catchUp: ScheduleCatchUp.None)), T0.AddMinutes(5).AddSeconds(6));

        Assert.Empty(fired);
        var missed = Assert.Single(state.Recent);
        Assert.Equal(("missed", 30), (missed.Kind, missed.Count));
        Assert.Equal(T0.AddMinutes(5), state.Cursor);
    }

    [Fact]
    public void Catch_up_latest_fires_once_for_the_newest_missed_occurrence()
    {
        var (state, fired) = Settle(Created(Spec(catchUp: ScheduleCatchUp.Latest)), T0.AddMinutes(5).AddSeconds(7));

        Assert.Equal([T0.AddMinutes(5)], fired);
        Assert.Equal(29, state.Recent.Single(r => r.Kind == "missed").Count);
    }

    [Fact]
    public void Catch_up_all_fires_every_missed_occurrence_oldest_first()
    {
        var (_, fired) = Settle(Created(Spec(catchUp: ScheduleCatchUp.All)), T0.AddMinutes(5).AddSeconds(7));

        Assert.Equal(Enumerable.Range(1, 30).Select(i => T0.AddSeconds(10 * i)), fired);
    }

    [Fact]
    public void Catch_up_all_is_bounded_to_the_newest_MaxCatchUp_occurrences()
    {
        var (state, fired) = Settle(Created(Spec(cron: "* * * * * *", catchUp: ScheduleCatchUp.All)), T0.AddHours(2));

        // The newest MaxCatchUp late ones, then the 5 still within the misfire threshold.
        Assert.Equal(Options.MaxCatchUp + 5, fired.Count);
        Assert.Equal(T0.AddHours(2), fired[^1]);
        Assert.Equal(Enumerable.Range(0, fired.Count).Select(i => fired[0].AddSeconds(i)), fired);
        Assert.Equal(fired.Count, state.Fired);
    }

    [Fact]
    public void A_paused_schedule_sets_no_timer_and_on_resume_does_not_fire_what_passed_while_paused()
    {
        var (paused, pause) = Run(Created(Spec(catchUp: ScheduleCatchUp.All)), new Pause(), T0.AddSeconds(1));
        Assert.IsType<SchedulePaused>(Assert.Single(pause.Events));
        Assert.IsType<CancelTimer>(Assert.Single(pause.Effects));
        Assert.Empty(Run(paused, new Tick(), T0.AddMinutes(1)).Decision.Effects);

        var (resumed, resume) = Run(paused, new Resume(), T0.AddMinutes(2).AddSeconds(1));
        Assert.Equal(T0.AddMinutes(2).AddSeconds(10), Assert.IsType<SetTimer>(Assert.Single(resume.Effects)).At);
        Assert.Empty(Settle(resumed, T0.AddMinutes(2).AddSeconds(2)).Fired);
    }

    [Fact]
    public void Trigger_fires_now_off_schedule_even_while_paused_and_answers_once_submitted()
    {
        var (paused, _) = Run(Created(Spec(overlap: ScheduleOverlap.Skip)), new Pause(), T0);
        var now = T0.AddSeconds(3.25);

        var (_, decision) = Run(paused, new Trigger(), now);
        var fire = Assert.IsType<Fire>(Assert.Single(decision.Effects));
        Assert.Equal("schedule:nightly:trigger:2026-12-03T10:00:03.250Z", fire.IdempotencyKey);
        Assert.False(decision.Answer);

        var (after, submitted) = Run(paused, new Submitted(now, "t9", Triggered: true), now);
        Assert.True(submitted.Answer);
        Assert.Equal(("triggered", "t9"), (after.Recent[^1].Kind, after.Recent[^1].TaskId));
        Assert.Equal(paused.Cursor, after.Cursor);
    }

    [Fact]
    public void Delete_stops_the_timer_and_passivates_and_a_deleted_schedule_answers_not_found()
    {
        var (deleted, decision) = Run(Created(Spec()), new Delete(), T0);

        Assert.Equal([typeof(CancelTimer), typeof(Passivate)], decision.Effects.Select(e => e.GetType()));
        Assert.Equal(ScheduleProblems.NotFound, Run(deleted, new Pause(), T0).Decision.Problem);
        Assert.Equal(ScheduleProblems.NotFound, Run(deleted, new Trigger(), T0).Decision.Problem);
    }

    [Fact]
    public void A_transient_refusal_tries_the_same_occurrence_again_and_a_permanent_one_records_it_failed()
    {
        var state = Created(Spec());

        var (_, transient) = Run(state, new SubmitFailed(T0.AddSeconds(10), "load shed", Transient: true, false), T0.AddSeconds(10));
        Assert.Empty(transient.Events);
        Assert.Equal(T0.AddSeconds(11), Assert.IsType<SetTimer>(Assert.Single(transient.Effects)).At);

        var (failed, permanent) = Run(state, new SubmitFailed(T0.AddSeconds(10), "unknown tool", Transient: false, false), T0.AddSeconds(10));
        Assert.IsType<OccurrenceFailed>(permanent.Events[0]);
        Assert.Equal(T0.AddSeconds(10), failed.Cursor);
    }

    [Fact]
    public void Occurrences_follow_the_zone_across_daylight_saving_a_skipped_hour_once_and_a_repeated_hour_once()
    {
        // 02:30 daily in Berlin: on 29 March 2026 02:00-03:00 does not exist (runs at the jump, 03:00 CEST = 01:00 UTC);
        // on 25 October 2026 02:30 happens twice (runs once, the first, CEST = 00:30 UTC).
        var cron = ScheduleCron.Parse("30 2 * * *", "Europe/Berlin");

        var spring = cron.Upcoming(new DateTimeOffset(2026, 3, 28, 12, 0, 0, TimeSpan.Zero), 2);
        var autumn = cron.Upcoming(new DateTimeOffset(2026, 10, 24, 12, 0, 0, TimeSpan.Zero), 2);

        Assert.Equal([new DateTimeOffset(2026, 3, 29, 1, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 3, 30, 0, 30, 0, TimeSpan.Zero)], spring);
        Assert.Equal([new DateTimeOffset(2026, 10, 25, 0, 30, 0, TimeSpan.Zero), new DateTimeOffset(2026, 10, 26, 1, 30, 0, TimeSpan.Zero)], autumn);
    }

    [Theory]
    [InlineData("*/5 * * *", "UTC", "has 4 field(s)")]
    [InlineData("61 * * * *", "UTC", "is not valid")]
    [InlineData("", "UTC", "cron is required")]
    [InlineData("*/5 * * * *", "Mars/Olympus", "not a known IANA time zone")]
    public void A_bad_cron_or_zone_is_a_validation_problem_that_says_what_is_wrong_and_gives_an_example(string cron, string zone, string says)
    {
        var problem = Assert.Throws<FtrProblemException>(() => ScheduleCron.Parse(cron, zone)).Problem;

        Assert.Contains(says, problem.Message);
        Assert.Contains(problem.SuggestedActions, a => a.Contains(ScheduleCron.CronExample));
        Assert.Contains(problem.SuggestedActions, a => a.Contains(ScheduleCron.ZoneExample));
    }

    [Theory]
    [InlineData("nightly-report_v2.1", true)]
    [InlineData("", false)]
    [InlineData("has space", false)]
    [InlineData("slash/no", false)]
    public void Names_are_1_to_100_of_letters_digits_dot_underscore_and_dash(string name, bool valid)
    {
        Assert.Equal(valid, ScheduleKeys.IsValidName(name));
        Assert.False(ScheduleKeys.IsValidName(new string('a', 101)));
    }
}
