using System.Collections.Concurrent;
using System.Diagnostics;
using FaultTolerantRunner.Telemetry;
using FaultTolerantRunner.Tests.Support;
using Xunit.Abstractions;
using TaskStatus = FaultTolerantRunner.Tasks.TaskStatus;

namespace FaultTolerantRunner.Tests.Telemetry;

/// <summary>Traces: an activity per attempt and one per task, all in one trace per task, carrying task id, tool, attempt and category.</summary>
public sealed class TracingSpecs : SqliteTaskSpec
{
    private readonly ConcurrentQueue<Activity> _stopped = new();
    private readonly ActivityListener _listener;

    public TracingSpecs(ITestOutputHelper output) : base("tracing", output)
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == RunnerTracing.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    protected override void AfterAll()
    {
        _listener.Dispose();
        base.AfterAll();
    }

    [Fact]
    public void A_retried_task_leaves_one_trace_with_an_activity_per_attempt_and_one_for_the_task()
    {
        var task = Run(TestSystems.Runtime(), TestSystems.Spec("flaky", """{"failures":1,"category":"transient"}"""), TaskStatus.Succeeded);

        AwaitAssert(() => Assert.Single(_stopped, a => a.OperationName == "ftr.task" && (string?)a.GetTagItem("ftr.task.id") == task.Id),
            TimeSpan.FromSeconds(5));
        var mine = _stopped.Where(a => (string?)a.GetTagItem("ftr.task.id") == task.Id).ToList();
        var attempts = mine.Where(a => a.OperationName == "ftr.attempt").OrderBy(a => (int)a.GetTagItem("ftr.attempt")!).ToList();
        var whole = mine.Single(a => a.OperationName == "ftr.task");

        Assert.Equal([1, 2], attempts.Select(a => (int)a.GetTagItem("ftr.attempt")!));
        Assert.Equal("transient", attempts[0].GetTagItem("ftr.error.category"));
        Assert.Equal(ActivityStatusCode.Error, attempts[0].Status);
        Assert.Equal("succeeded", attempts[1].GetTagItem("ftr.outcome"));
        Assert.All(mine, a => Assert.Equal("flaky", a.GetTagItem("ftr.tool")));
        Assert.Single(mine.Select(a => a.TraceId).Distinct());
        Assert.Equal(RunnerTracing.ContextOf(task.Id).TraceId, whole.TraceId);
        Assert.Equal(2, whole.GetTagItem("ftr.attempts"));
        Assert.True(whole.StartTimeUtc <= attempts[0].StartTimeUtc, "the task's activity spans from acceptance");
    }
}
