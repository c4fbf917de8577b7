using Akka.Actor;
using FaultTolerantRunner.Errors;
using FaultTolerantRunner.Projections;
using FaultTolerantRunner.Recovery;
using FaultTolerantRunner.Tests.Support;
using Xunit.Abstractions;
using FaultTolerantRunner.Taxonomy;

namespace FaultTolerantRunner.Tests.Errors;

/// <summary>
/// The error registry re-reads the recovery events, like the task index its tag, to find late commits. Its figures are
/// counts, so an event read again must not be counted again.
/// </summary>
public sealed class ErrorRegistryRescanSpecs(ITestOutputHelper output) : SqliteSpec("registry-rescan", output)
{
    private const string Fingerprint = "echo:transient:abc123";

    [Fact]
    public async Task Recovery_events_read_again_by_a_rescan_are_counted_once()
    {
        // Every 100 ms, each new range read again at once and one tick later: every event is read three times in all.
        var registry = Sys.ActorOf(ErrorRegistry.Props(new AnalyticsOptions(), new RecoveryOptions(), TimeProvider.System, null, "test-node",
            new RescanSchedule(TimeSpan.FromMilliseconds(100), [0, 1])));
        await StatsAsync(registry, s => s.CaughtUp, "caught up");
        var at = DateTimeOffset.UtcNow;
        await EventWriter.PersistAsync(Sys, $"recovery-{Fingerprint}",
            new FailureRecorded("r1", Fingerprint, ErrorCategory.Transient, Severity.Medium, "echo", "t1", 1, "n1", "TimeoutException", "timed out", null, "timeout", 0, true, at),
            new RecoveryActionChosen(1, "retry", "t1", "first failure", at),
            new StrategyOutcome(1, "retry", "t1", true, 12, at),
            new NotificationRecorded("incident", Severity.Critical, Fingerprint, "t1", at),
            new TaskDeadLetteredRecorded("t1", "gave up", at));

        var stats = await StatsAsync(registry, s => s.Rereads >= 10, "all five events read again twice");
        Assert.Equal(0, stats.LateEvents);
        Assert.Equal((1, 0), (stats.Window.RecoveriesSucceeded, stats.Window.RecoveriesFailed));
        var detail = await registry.Ask<AnalyticsProtocol.ErrorDetail>(new AnalyticsProtocol.GetError(Fingerprint), TimeSpan.FromSeconds(5));
        Assert.Equal((1L, 1L, 1L), (detail.Group.Count, detail.Group.DeadLettered, detail.Group.Incidents));
        Assert.Single(detail.Reports);
        var metrics = await registry.Ask<AnalyticsProtocol.StrategyMetricsList>(AnalyticsProtocol.GetStrategyMetrics.Instance, TimeSpan.FromSeconds(5));
        Assert.Equal((1L, 1L), (metrics.ActionsRecorded, metrics.OutcomesRecorded));
        Assert.Equal((1, 1), (metrics.Strategies.Single().Attempts, metrics.Strategies.Single().Successes));
    }

    private async Task<AnalyticsProtocol.Stats> StatsAsync(IActorRef registry, Func<AnalyticsProtocol.Stats, bool> until, string what)
    {
        AnalyticsProtocol.Stats? last = null;
        await AwaitAssertAsync(async () =>
        {
            last = await registry.Ask<AnalyticsProtocol.Stats>(AnalyticsProtocol.GetStats.Instance, TimeSpan.FromSeconds(5));
            Assert.True(until(last), $"registry not {what}: caught up {last.CaughtUp}, rereads {last.Rereads}");
        }, TimeSpan.FromSeconds(20), TimeSpan.FromMilliseconds(50));
        return last!;
    }
}
