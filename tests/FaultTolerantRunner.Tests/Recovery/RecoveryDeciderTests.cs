using FaultTolerantRunner.Recovery;
using FaultTolerantRunner.Taxonomy;

namespace FaultTolerantRunner.Tests.Recovery;

public sealed class RecoveryDeciderTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);
    private static readonly RecoveryOptions Options = new() { MinTrials = 0, Exploration = 0 };

    private static RecoveryProtocol.ReportFailure Report(string task = "t1", int attemptLevel = 0, string? strategy = null, int recoveries = 0,
        bool retryable = true, bool final = false, int attempt = 1) =>
        new("flaky:transient:abc", ErrorCategory.Transient, Severity.Medium, "flaky", task, attempt, "node-a", "HttpRequestException", "Connection refused", null,
            "transient.socket", retryable, final, attemptLevel, strategy, recoveries, Reducible: false);

    private static (RecoveryState State, RecoveryProtocol.RecoveryPlan? Plan) Fail(RecoveryState state, RecoveryProtocol.ReportFailure report, DateTimeOffset? at = null)
    {
        var (events, plan) = RecoveryDecider.OnFailure(state, report, Options, at ?? T0, 0.5, 0.5);
        return (events.Aggregate(state, (s, e) => s.Apply(e, 100)), plan);
    }

    [Fact]
    public void A_first_failure_gets_level_1_basic_retry()
    {
        var (state, plan) = Fail(RecoveryState.Empty("flaky:transient:abc"), Report());

        Assert.Equal(1, state.Level);
        Assert.Equal(1, plan!.Level);
        Assert.Contains(plan.Strategy, RecoveryStrategies.Of(1, false));
        Assert.False(plan.DeadLetter);
        Assert.Equal(1, state.Occurrences);
        Assert.Equal(1, state.Actions);
    }

    [Fact]
    public void A_failure_under_the_current_level_escalates_through_every_level_to_dead_letter()
    {
        var state = RecoveryState.Empty("flaky:transient:abc");
        var levels = new List<int>();
        RecoveryProtocol.RecoveryPlan? plan = null;
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            (state, plan) = Fail(state, Report(attemptLevel: plan?.Level ?? 0, strategy: plan?.Strategy, recoveries: attempt - 1, attempt: attempt));
            levels.Add(plan!.Level);
        }

        Assert.Equal([1, 2, 3, 4, 5], levels);
        Assert.True(plan!.DeadLetter);
        Assert.Equal(RecoveryStrategies.DeadLetter, plan.Strategy);
        Assert.Equal(4, state.History.Count(h => h.Kind == "escalated") - 1); // 0->1 is the first failure, then four escalations
        Assert.Equal(4, state.Strategies.Values.Sum(r => r.Attempts - r.Successes));
    }

    [Fact]
    public void Failures_of_other_tasks_meet_the_current_level_without_escalating_it()
    {
        var (state, _) = Fail(RecoveryState.Empty("fp"), Report("a"));
        (state, var escalated) = Fail(state, Report("a", attemptLevel: 1, strategy: RecoveryStrategies.Backoff, recoveries: 1));
        Assert.Equal(2, escalated!.Level);

        // A storm of first attempts: all start where the fingerprint is, none escalates it.
        for (var i = 0; i < 20; i++) (state, var plan) = Fail(state, Report($"storm-{i}"));
        Assert.Equal(2, state.Level);
    }

    [Fact]
    public void At_level_5_a_young_task_is_held_at_level_4_and_only_a_task_through_four_recoveries_is_dead_lettered()
    {
        var state = RecoveryState.Empty("fp") with { Level = 5, LastSeen = T0 };

        var (_, young) = Fail(state, Report("young", attemptLevel: 0, recoveries: 0));
        var (_, veteran) = Fail(state, Report("veteran", attemptLevel: 4, strategy: RecoveryStrategies.Relocate, recoveries: 4));

        Assert.Equal(4, young!.Level);
        Assert.False(young.DeadLetter);
        Assert.True(veteran!.DeadLetter);
    }

    [Fact]
    public void The_recoveries_before_a_level_5_dead_letter_are_configurable()
    {
        var state = RecoveryState.Empty("fp") with { Level = 5, LastSeen = T0 };
        var patient = new RecoveryOptions { MinTrials = 0, Exploration = 0, DeadLetterAfterRecoveries = 6 };

        var (_, held) = RecoveryDecider.OnFailure(state, Report("t", attemptLevel: 4, strategy: RecoveryStrategies.Relocate, recoveries: 5), patient, T0, 0.5, 0.5);
        var (_, given) = RecoveryDecider.OnFailure(state, Report("t", attemptLevel: 4, strategy: RecoveryStrategies.Relocate, recoveries: 6), patient, T0, 0.5, 0.5);

        Assert.Equal((4, false), (held!.Level, held.DeadLetter));
        Assert.True(given!.DeadLetter);
    }

    [Fact]
    public void A_success_resets_the_level_after_the_configured_number_of_successes()
    {
        var state = RecoveryState.Empty("fp") with { Level = 3, LastSeen = T0 };
        var twice = new RecoveryOptions { ResetAfterSuccesses = 2 };

        var first = RecoveryDecider.OnRecovered(state, new RecoveryProtocol.ReportRecovered("fp", "a", 3, RecoveryStrategies.ResetComponent, 1200), twice, T0);
        state = first.Aggregate(state, (s, e) => s.Apply(e, 100));
        Assert.Equal(3, state.Level);

        var second = RecoveryDecider.OnRecovered(state, new RecoveryProtocol.ReportRecovered("fp", "b", 3, RecoveryStrategies.ResetComponent, 800), twice, T0);
        state = second.Aggregate(state, (s, e) => s.Apply(e, 100));
        Assert.Equal(1, state.Level);
        var record = state.Strategies[StrategySelector.Key(3, RecoveryStrategies.ResetComponent)];
        Assert.Equal((2, 2, 1000.0), (record.Attempts, record.Successes, record.MeanRecoveryMs));
    }

    [Fact]
    public void After_a_quiet_period_a_new_failure_starts_again_at_level_1()
    {
        var state = RecoveryState.Empty("fp") with { Level = 4, LastSeen = T0 };

        var (after, plan) = Fail(state, Report(), T0 + Options.QuietReset + TimeSpan.FromMinutes(1));

        Assert.Equal(1, after.Level);
        Assert.Equal(1, plan!.Level);
    }

    [Fact]
    public void A_final_or_non_retryable_failure_is_recorded_without_a_plan()
    {
        var (state, plan) = Fail(RecoveryState.Empty("fp"), Report(retryable: false));
        var (_, finalPlan) = Fail(state, Report(final: true));

        Assert.Null(plan);
        Assert.Null(finalPlan);
        Assert.Equal(1, state.Occurrences);
        Assert.Equal(0, state.Level);
    }

    [Fact]
    public void History_is_bounded_by_the_limit()
    {
        var state = RecoveryState.Empty("fp");
        for (var i = 0; i < 50; i++) (state, _) = Fail(state, Report($"t{i}"));

        var trimmed = state.Apply(new FingerprintResolved("fixed", T0), 10);

        Assert.Equal(10, trimmed.History.Count);
        Assert.Equal("resolved", trimmed.History[^1].Kind);
    }
}
