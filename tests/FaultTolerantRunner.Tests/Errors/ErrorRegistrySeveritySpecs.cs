using Akka.Actor;
using FaultTolerantRunner.Errors;
using FaultTolerantRunner.Projections;
using FaultTolerantRunner.Recovery;
using FaultTolerantRunner.Taxonomy;
using FaultTolerantRunner.Tests.Support;
using Xunit.Abstractions;

namespace FaultTolerantRunner.Tests.Errors;

/// <summary>The registry's group shows a fingerprint's severity as repetition raised it, and as a reset put it back.</summary>
public sealed class ErrorRegistrySeveritySpecs(ITestOutputHelper output) : SqliteSpec("registry-severity", output)
{
    private const string Fingerprint = "echo:transient:5e7e41";

    [Fact]
    public async Task A_raised_severity_shows_in_the_group_and_filters_until_it_is_reset()
    {
        var registry = Sys.ActorOf(ErrorRegistry.Props(new AnalyticsOptions(), new RecoveryOptions(), TimeProvider.System, null, "test-node",
            RescanSchedule.None));
        var at = DateTimeOffset.UtcNow;
        await EventWriter.PersistAsync(Sys, $"recovery-{Fingerprint}",
            Failure("r1", Severity.Medium, at),
            new SeverityRaised(Severity.Medium, Severity.High, 10, TimeSpan.FromMinutes(5), at));

        await AwaitAssertAsync(async () => Assert.Equal(Severity.High, (await Group(registry)).Severity), TimeSpan.FromSeconds(20), TimeSpan.FromMilliseconds(50));
        var high = await registry.Ask<AnalyticsProtocol.ErrorList>(new AnalyticsProtocol.ListErrors(null, Severity.High, null, null, null, "last-seen", 0, 50), TimeSpan.FromSeconds(5));
        Assert.Equal(Fingerprint, Assert.Single(high.Items).Fingerprint);

        await EventWriter.PersistAsync(Sys, $"recovery-{Fingerprint}", new SeverityReset(Severity.High, Severity.Medium, "resolved", at));
        await AwaitAssertAsync(async () => Assert.Equal(Severity.Medium, (await Group(registry)).Severity), TimeSpan.FromSeconds(20), TimeSpan.FromMilliseconds(50));
    }

    private static FailureRecorded Failure(string id, Severity severity, DateTimeOffset at) =>
        new(id, Fingerprint, ErrorCategory.Transient, severity, "echo", "t1", 1, "n1", "TimeoutException", "timed out", null, "timeout", 0, true, at);

    private static async Task<ErrorGroup> Group(IActorRef registry) =>
        (await registry.Ask<AnalyticsProtocol.ErrorDetail>(new AnalyticsProtocol.GetError(Fingerprint), TimeSpan.FromSeconds(5))).Group;
}
