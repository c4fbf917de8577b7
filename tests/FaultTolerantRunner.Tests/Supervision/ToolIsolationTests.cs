using FaultTolerantRunner.Supervision;

namespace FaultTolerantRunner.Tests.Supervision;

public sealed class ToolIsolationTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_late_copy_of_a_failure_from_before_the_operator_re_enabled_the_tool_does_not_isolate_it_again()
    {
        var isolation = new ToolIsolation();
        Assert.True(isolation.Isolate(new IsolatedTool("flaky", "critical", "t1", T0)));
        Assert.True(isolation.Enable("flaky", T0.AddSeconds(5)));

        // The notifier's cluster-wide copy of the same failure arrives after the enable.
        Assert.False(isolation.Isolate(new IsolatedTool("flaky", "critical", "t1", T0)));
        Assert.Null(isolation.Get("flaky"));

        // A failure after the enable isolates it again.
        Assert.True(isolation.Isolate(new IsolatedTool("flaky", "critical again", "t2", T0.AddSeconds(6))));
        Assert.Equal("t2", isolation.Get("flaky")!.TaskId);
    }
}
