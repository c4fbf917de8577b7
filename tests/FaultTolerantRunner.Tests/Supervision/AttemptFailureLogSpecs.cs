using Akka.Actor;
using Akka.Event;
using Akka.TestKit;
using FaultTolerantRunner.Supervision;
using FaultTolerantRunner.Tests.Support;
using FaultTolerantRunner.Tools;
using Xunit.Abstractions;
using TaskStatus = FaultTolerantRunner.Tasks.TaskStatus;

namespace FaultTolerantRunner.Tests.Supervision;

/// <summary>
/// What a failed attempt writes to the log, read off the actor system's event stream while a real entity, its
/// attempt supervisor (Akka's BackoffSupervisor) and runner carry the task: one line per failed attempt, with a stack
/// only when unexpected.
/// </summary>
public sealed class AttemptFailureLogSpecs(ITestOutputHelper output) : SqliteTaskSpec("attempt-failure-log-specs", output)
{
    private readonly List<LogEvent> _seen = [];
    private TestProbe? _logs;

    [Fact]
    public void A_transient_failure_retried_twice_is_one_information_line_each_and_nothing_logs_a_stack()
    {
        CaptureLogs();
        var task = Run(TestSystems.Runtime(), TestSystems.Spec("flaky", """{"failures":2,"category":"transient"}"""), TaskStatus.Succeeded);

        var lines = AwaitFailureLines(task.Id, 2);
        Assert.All(lines, line => Assert.IsType<Info>(line));
        var first = lines[0].ToString();
        Assert.Contains("attempt 1 failed: transient/", first);
        Assert.Contains($"rule {task.Attempts[0].Error!.Rule}", first);
        Assert.Contains($"fingerprint {task.Attempts[0].Error!.Fingerprint}", first);
        Assert.Matches(@"retry in \d+ ms \(transient retry 1 of \d+\)", first);
        Assert.Contains("attempt 2 failed: transient/", lines[1].ToString());
        // The supervisor carried out both restarts before the third attempt ran: had anything logged a stack, it would be here.
        Assert.All(_seen, e => Assert.Null(e.Cause));
        Assert.DoesNotContain(_seen, e => e.ToString().Contains("   at ", StringComparison.Ordinal));
    }

    [Fact]
    public void A_permanent_failure_is_one_information_line_saying_why_it_is_not_retried()
    {
        CaptureLogs();
        var task = Run(TestSystems.Runtime(), TestSystems.Spec("flaky", """{"failures":1,"category":"permanent"}"""), TaskStatus.DeadLettered);

        var line = Assert.Single(AwaitFailureLines(task.Id, 1));
        Assert.IsType<Info>(line);
        Assert.Null(line.Cause);
        Assert.Contains("no retry (permanent errors are not retried)", line.ToString());
    }

    [Fact]
    public void An_unknown_failure_is_a_warning_with_the_exception()
    {
        CaptureLogs();
        var runtime = TestSystems.Runtime(new Dictionary<string, Func<ITaskHandler>>
        {
            ["odd"] = () => new ScriptedTool((_, _) => throw new InvalidOperationException("the widget went sideways")),
        });
        var task = Run(runtime, TestSystems.Spec("odd"), TaskStatus.DeadLettered);

        var lines = AwaitFailureLines(task.Id, 2);
        Assert.All(lines, line => Assert.IsType<Warning>(line));
        Assert.All(lines, line => Assert.Equal("the widget went sideways", Assert.IsType<InvalidOperationException>(line.Cause).Message));
        Assert.Contains("attempt 1 failed: unknown/", lines[0].ToString());
        Assert.Contains("no retry (retries exhausted", lines[1].ToString());
    }

    [Fact]
    public void A_critical_failure_is_an_error_with_the_exception_and_nothing_else_logs_its_stack()
    {
        CaptureLogs();
        var task = Run(TestSystems.Runtime(), TestSystems.Spec("flaky", """{"failures":1,"category":"critical"}"""), TaskStatus.DeadLettered);

        var line = Assert.Single(AwaitFailureLines(task.Id, 1));
        Assert.IsType<Error>(line);
        Assert.IsType<InvalidOperationException>(line.Cause);
        Assert.Contains("attempt 1 failed: critical/", line.ToString());
        // The attempts stop without an Akka escalation, whose supervisor would log the same stack again.
        var attempts = Sys.ActorSelection(LastEntity.Path / "attempts");
        AwaitAssert(() => Assert.ThrowsAny<ActorNotFoundException>(() => attempts.ResolveOne(TimeSpan.FromSeconds(1)).GetAwaiter().GetResult()),
            TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(50));
        Drain();
        Assert.DoesNotContain(_seen, e => e.Cause is not null && e != line);
    }

    private void CaptureLogs()
    {
        _logs = CreateTestProbe();
        Sys.EventStream.Subscribe(_logs.Ref, typeof(LogEvent));
    }

    private void Drain()
    {
        while (_logs!.HasMessages) _seen.Add(_logs.ExpectMsg<LogEvent>());
    }

    /// <summary>The failed-attempt lines of the task, once <paramref name="count"/> have arrived (never more).</summary>
    private List<LogEvent> AwaitFailureLines(string taskId, int count)
    {
        List<LogEvent> lines = [];
        AwaitAssert(() =>
        {
            Drain();
            lines = _seen.Where(e => e.ToString() is { } m && m.Contains($"task {taskId}: attempt", StringComparison.Ordinal)
                && m.Contains("failed:", StringComparison.Ordinal)).ToList();
            Assert.Equal(count, lines.Count);
        }, TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(50));
        return lines;
    }
}
