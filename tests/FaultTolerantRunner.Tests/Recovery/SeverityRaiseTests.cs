using FaultTolerantRunner.Hosting;
using FaultTolerantRunner.Recovery;
using FaultTolerantRunner.Taxonomy;

namespace FaultTolerantRunner.Tests.Recovery;

/// <summary>Severity that rises with repetition, decided by <see cref="RecoveryDecider"/> on a fixed clock.</summary>
public sealed class SeverityRaiseTests
{
    private const string Fp = "flaky:transient:abc";
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);

    private static RecoveryOptions Raise(int count, TimeSpan? window = null, Severity max = Severity.Critical) => new()
    {
        MinTrials = 0, Exploration = 0, SeverityRaise = new SeverityRaiseOptions { Count = count, Window = window ?? TimeSpan.FromMinutes(5), Max = max },
    };

    private static RecoveryProtocol.ReportFailure Report(int i, Severity severity = Severity.Low) =>
        new(Fp, ErrorCategory.Transient, severity, "flaky", $"t{i}", 1, "node-a", "HttpRequestException", "Connection refused", null,
            "transient.socket", true, false, 0, null, 0, Reducible: false);

    /// <summary>Reports <paramref name="count"/> failures, <paramref name="every"/> apart from <paramref name="start"/>; the events of each.</summary>
    private static (RecoveryState State, List<IReadOnlyList<IRecoveryEvent>> Events) Fail(RecoveryState state, RecoveryOptions options, int count,
        TimeSpan every, DateTimeOffset? start = null)
    {
        var all = new List<IReadOnlyList<IRecoveryEvent>>();
        for (var i = 0; i < count; i++)
        {
            var (events, _) = RecoveryDecider.OnFailure(state, Report(i), options, (start ?? T0) + every * i, 0.5, 0.5);
            state = events.Aggregate(state, (s, e) => s.Apply(e, options.HistoryLimit));
            all.Add(events);
        }
        return (state, all);
    }

    private static Severity ReportedSeverity(IReadOnlyList<IRecoveryEvent> events) => events.OfType<FailureRecorded>().Single().Severity;

    [Fact]
    public void The_report_that_makes_count_within_the_window_raises_the_next_reports_one_level_journaled_once()
    {
        var options = Raise(3);
        var (state, events) = Fail(RecoveryState.Empty(Fp), options, 4, TimeSpan.FromMinutes(1));

        Assert.Equal([Severity.Low, Severity.Low, Severity.Low, Severity.Medium], events.Select(ReportedSeverity));
        var raised = Assert.Single(events.SelectMany(e => e).OfType<SeverityRaised>());
        Assert.Equal(new SeverityRaised(Severity.Low, Severity.Medium, 3, TimeSpan.FromMinutes(5), T0 + TimeSpan.FromMinutes(2)), raised);
        Assert.Contains(raised, events[2]);
        Assert.Equal((Severity.Medium, Severity.Low), (state.RaisedSeverity, state.BaseSeverity));
        Assert.Equal(Severity.Medium, state.Severity);
        Assert.Contains(state.History, h => h.Kind == "severity-raised" && h.Detail.Contains("low -> medium"));
    }

    [Fact]
    public void Reports_spread_wider_than_the_window_do_not_raise_it_but_a_burst_straddling_any_boundary_does()
    {
        var options = Raise(3, TimeSpan.FromMinutes(5));
        var (slow, slowEvents) = Fail(RecoveryState.Empty(Fp), options, 10, TimeSpan.FromMinutes(3));
        Assert.Empty(slowEvents.SelectMany(e => e).OfType<SeverityRaised>());
        Assert.Null(slow.RaisedSeverity);

        // The window slides: three reports 2.5 minutes apart fall within 5 minutes wherever they start.
        var (fast, _) = Fail(slow, options, 3, TimeSpan.FromMinutes(2.5), T0 + TimeSpan.FromHours(1));
        Assert.Equal(Severity.Medium, fast.RaisedSeverity);
    }

    [Fact]
    public void Each_further_rise_needs_count_more_reports_after_the_last_and_max_is_the_ceiling()
    {
        var options = Raise(2);
        var (state, events) = Fail(RecoveryState.Empty(Fp), options, 9, TimeSpan.FromSeconds(10));

        var rises = events.SelectMany(e => e).OfType<SeverityRaised>().Select(r => (r.From, r.To)).ToList();
        Assert.Equal([(Severity.Low, Severity.Medium), (Severity.Medium, Severity.High), (Severity.High, Severity.Critical)], rises);
        // Reports 2, 4 and 6 raise; 7 to 9 are critical and nothing rises further.
        Assert.Equal([Severity.Low, Severity.Low, Severity.Medium, Severity.Medium, Severity.High, Severity.High, Severity.Critical, Severity.Critical, Severity.Critical],
            events.Select(ReportedSeverity));
        Assert.Equal(Severity.Low, state.BaseSeverity);

        // By default repetition stops at high: critical would stop the tool's intake.
        var (capped, _) = Fail(RecoveryState.Empty(Fp), Raise(2, max: new SeverityRaiseOptions().Max), 9, TimeSpan.FromSeconds(10));
        Assert.Equal(Severity.High, capped.RaisedSeverity);
    }

    [Fact]
    public void A_report_of_its_own_higher_severity_keeps_it_and_rises_from_there()
    {
        var options = Raise(2);
        var (state, _) = Fail(RecoveryState.Empty(Fp), options, 2, TimeSpan.FromSeconds(10));
        Assert.Equal(Severity.Medium, state.RaisedSeverity);

        var (events, _) = RecoveryDecider.OnFailure(state, Report(9, Severity.High), options, T0 + TimeSpan.FromMinutes(1), 0.5, 0.5);

        Assert.Equal(Severity.High, ReportedSeverity(events));
    }

    [Fact]
    public void A_count_of_0_turns_raising_off()
    {
        var (state, events) = Fail(RecoveryState.Empty(Fp), Raise(0), 50, TimeSpan.FromSeconds(1));

        Assert.Empty(events.SelectMany(e => e).OfType<SeverityRaised>());
        Assert.All(events, e => Assert.Equal(Severity.Low, ReportedSeverity(e)));
        Assert.Null(state.RaisedSeverity);
    }

    [Fact]
    public void Resolving_or_an_operators_reset_falls_back_to_the_fingerprints_own_severity_and_counts_afresh()
    {
        var options = Raise(2);
        var (raised, _) = Fail(RecoveryState.Empty(Fp), options, 4, TimeSpan.FromSeconds(10));
        Assert.Equal(Severity.High, raised.RaisedSeverity);

        var resolve = RecoveryDecider.OnResolve(raised, "fixed", T0 + TimeSpan.FromMinutes(1));
        var reset = RecoveryDecider.OnReset(raised, "deployed a fix", T0 + TimeSpan.FromMinutes(1));

        Assert.IsType<FingerprintResolved>(resolve[0]);
        foreach (var events in new[] { resolve, reset })
        {
            var back = Assert.Single(events.OfType<SeverityReset>());
            Assert.Equal((Severity.High, Severity.Low), (back.From, back.To));
            var state = events.Aggregate(raised, (s, e) => s.Apply(e, options.HistoryLimit));
            Assert.Equal((null, null, Severity.Low), (state.RaisedSeverity, state.BaseSeverity, state.Severity));
            // One report after the reset is not yet two in the window: the count starts again.
            var (next, _) = RecoveryDecider.OnFailure(state, Report(20), options, T0 + TimeSpan.FromMinutes(2), 0.5, 0.5);
            Assert.Equal(Severity.Low, ReportedSeverity(next));
            Assert.Empty(next.OfType<SeverityRaised>());
        }
    }

    [Fact]
    public void Without_a_raised_severity_resolve_and_reset_journal_no_severity_change()
    {
        var state = RecoveryState.Empty(Fp) with { Level = 1 };

        Assert.Empty(RecoveryDecider.OnResolve(state, "fixed", T0).OfType<SeverityReset>());
        Assert.Empty(RecoveryDecider.OnReset(state, "nothing to do", T0));
    }

    [Theory]
    [InlineData(-1, "00:05:00", "Recovery:SeverityRaise:Count")]
    [InlineData(201, "00:05:00", "Recovery:SeverityRaise:Count")]
    [InlineData(10, "00:00:00", "Recovery:SeverityRaise:Window")]
    [InlineData(10, "00:05:00", "Recovery:SeverityRaise:Max", Severity.Low)]
    public void Bad_settings_name_their_key(int count, string window, string key, Severity max = Severity.High)
    {
        var options = new RecoveryOptions { SeverityRaise = new SeverityRaiseOptions { Count = count, Window = TimeSpan.Parse(window), Max = max } };

        var error = Assert.Throws<RunnerConfigurationException>(() => options.Validate());

        Assert.Equal(key, error.Key);
    }
}
