using FaultTolerantRunner.Breakers;
using Permission = FaultTolerantRunner.Breakers.BreakerState.Permission;

namespace FaultTolerantRunner.Tests.Breakers;

public sealed class BreakerStateTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);
    private static readonly BreakerOptions Options = new()
    {
        FailureRatio = 0.5, MinimumThroughput = 4, SamplingWindow = TimeSpan.FromSeconds(10),
        BreakDuration = TimeSpan.FromSeconds(2), BreakGrowth = 2, MaxBreakDuration = TimeSpan.FromSeconds(5),
        HalfOpenProbes = 1, SuccessesToClose = 3,
    };

    [Fact]
    public void It_does_not_open_before_the_minimum_throughput_even_when_everything_fails()
    {
        var state = Calls(Closed(), CallOutcome.Failure, 3);

        Assert.Equal(BreakerStatus.Closed, state.Status);
    }

    [Fact]
    public void It_opens_when_the_failure_ratio_reaches_the_threshold()
    {
        var state = Calls(Calls(Closed(), CallOutcome.Success, 2), CallOutcome.Failure, 1);
        Assert.Equal(BreakerStatus.Closed, state.Status); // 1 of 3

        state = Calls(state, CallOutcome.Failure, 1); // 2 of 4 = 50 %

        Assert.Equal(BreakerStatus.Open, state.Status);
        Assert.Contains("failure ratio 50", state.Transitions[^1].Reason);
        Assert.Equal(Permission.Denied, state.TryAcquire(T0.AddSeconds(1)).Permission);
    }

    [Fact]
    public void Only_calls_inside_the_sliding_window_count()
    {
        var state = Calls(Closed(), CallOutcome.Failure, 3, at: T0);

        state = state.Record(T0.AddSeconds(11), CallOutcome.Failure, TimeSpan.Zero, probe: false);

        Assert.Equal(BreakerStatus.Closed, state.Status);
        Assert.Equal(1, state.Calls);
    }

    [Fact]
    public void Slow_successes_count_as_failures_when_a_threshold_is_set()
    {
        var state = BreakerState.Closed("svc", Options with { SlowCallThreshold = TimeSpan.FromMilliseconds(500) });
        for (var i = 0; i < 4; i++) state = state.Record(T0, CallOutcome.Success, TimeSpan.FromSeconds(1), probe: false);

        Assert.Equal(BreakerStatus.Open, state.Status);
    }

    [Fact]
    public void Ignored_outcomes_such_as_caller_validation_errors_never_count()
    {
        var state = Calls(Closed(), CallOutcome.Ignored, 10);

        Assert.Equal((BreakerStatus.Closed, 0), (state.Status, state.Calls));
    }

    [Fact]
    public void After_the_break_a_limited_number_of_probes_go_out_and_N_successes_close_it()
    {
        var open = Calls(Closed(), CallOutcome.Failure, 4);
        var (first, probing) = open.TryAcquire(T0.AddSeconds(2));
        var (second, _) = probing.TryAcquire(T0.AddSeconds(2));

        Assert.Equal((Permission.Probe, Permission.Denied), (first, second));
        Assert.Equal(BreakerStatus.HalfOpen, probing.Status);

        var state = probing;
        for (var i = 0; i < 3; i++)
        {
            Assert.NotEqual(BreakerStatus.Closed, state.Status);
            state = state.Record(T0.AddSeconds(2), CallOutcome.Success, TimeSpan.Zero, probe: true);
            if (i < 2) (_, state) = state.TryAcquire(T0.AddSeconds(2));
        }

        Assert.Equal(BreakerStatus.Closed, state.Status);
        Assert.Contains("3 consecutive probe successes", state.Transitions[^1].Reason);
    }

    [Fact]
    public void A_probe_permit_never_reported_blocks_other_callers_only_until_the_probe_timeout()
    {
        var open = Calls(Closed(), CallOutcome.Failure, 4);
        var (probe, probing) = open.TryAcquire(T0.AddSeconds(2));
        var timeout = probing.Options.ProbeTimeout;

        var (before, stillProbing) = probing.TryAcquire(T0.AddSeconds(2) + timeout - TimeSpan.FromSeconds(1));
        var (after, _) = stillProbing.TryAcquire(T0.AddSeconds(2) + timeout + TimeSpan.FromSeconds(1));

        Assert.Equal((Permission.Probe, Permission.Denied, Permission.Probe), (probe, before, after));
    }

    [Fact]
    public void A_failed_probe_reopens_with_an_exponentially_longer_break_up_to_the_cap()
    {
        var state = Calls(Closed(), CallOutcome.Failure, 4);
        var breaks = new List<double>();
        var now = T0;
        for (var i = 0; i < 3; i++)
        {
            now = state.HalfOpenAt!.Value;
            (_, state) = state.TryAcquire(now);
            state = state.Record(now, CallOutcome.Failure, TimeSpan.Zero, probe: true);
            breaks.Add((state.HalfOpenAt!.Value - now).TotalSeconds);
        }

        Assert.Equal([4, 5, 5], breaks);
        Assert.Equal(BreakerStatus.Open, state.Status);
    }

    [Fact]
    public void A_late_probe_report_from_an_earlier_half_open_round_is_ignored()
    {
        var state = Calls(Closed(), CallOutcome.Failure, 4);
        (_, state) = state.TryAcquire(T0.AddSeconds(2));
        var oldRound = state.Epoch;
        state = state.Reset(T0.AddSeconds(3), "test");
        state = Calls(state, CallOutcome.Failure, 4, at: T0.AddSeconds(3));
        (_, state) = state.TryAcquire(T0.AddSeconds(5)); // the new round's only probe slot is taken

        var afterLateReport = state.Record(T0.AddSeconds(5), CallOutcome.Success, TimeSpan.Zero, probe: true, epoch: oldRound);

        Assert.Equal((1, 0), (afterLateReport.ProbesInFlight, afterLateReport.ProbeSuccesses));
        Assert.Equal(Permission.Denied, afterLateReport.TryAcquire(T0.AddSeconds(5)).Permission);
    }

    [Fact]
    public void A_tripped_breaker_stays_open_until_reset()
    {
        var state = Closed().Trip(T0, "maintenance");

        Assert.Equal(Permission.Denied, state.TryAcquire(T0.AddHours(1)).Permission);

        state = state.Reset(T0.AddHours(1), "done");
        Assert.Equal(Permission.Granted, state.TryAcquire(T0.AddHours(1)).Permission);
        Assert.Equal(["tripped: maintenance", "reset: done"], state.Transitions.Select(t => t.Reason));
    }

    [Fact]
    public void Bad_options_name_their_key()
    {
        var error = Assert.Throws<FaultTolerantRunner.Hosting.RunnerConfigurationException>(() => (Options with { FailureRatio = 1.5 }).Validate("Breakers:payments"));

        Assert.Equal("Breakers:payments:FailureRatio", error.Key);
    }

    private static BreakerState Closed() => BreakerState.Closed("svc", Options);

    private static BreakerState Calls(BreakerState state, CallOutcome outcome, int count, DateTimeOffset? at = null)
    {
        for (var i = 0; i < count; i++) state = state.Record(at ?? T0, outcome, TimeSpan.FromMilliseconds(5), probe: false);
        return state;
    }
}
