using System.Collections.Concurrent;
using Akka.Actor;
using FaultTolerantRunner.Schedules;
using FaultTolerantRunner.Tasks;
using FaultTolerantRunner.Tests.Support;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace FaultTolerantRunner.Tests.Schedules;

/// <summary>The schedule entity on a real SQLite journal and a manual clock: its timer fires, survives a restart, and catches up.</summary>
public sealed class ScheduleEntitySpecs(ITestOutputHelper output) : SqliteSpec("schedules", output)
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 3, 10, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _clock = new(T0);
    private readonly RecordingTasks _tasks = new();

    private static ScheduleSpec Spec(ScheduleCatchUp catchUp = ScheduleCatchUp.All, ScheduleOverlap overlap = ScheduleOverlap.Allow) =>
        new("every-10s", "*/10 * * * * *", "UTC", "echo", """{"text":"hi"}""", overlap, catchUp);

    private IActorRef Start() => Sys.ActorOf(ScheduleEntity.Props("every-10s", new ScheduleRuntime(new ScheduleOptions(), _clock, _tasks)));

    private void StopAndWait(IActorRef entity)
    {
        Watch(entity);
        entity.Tell(ScheduleEntity.Stop.Instance);
        ExpectTerminated(entity);
    }

    private static string Key(int seconds) => ScheduleKeys.Occurrence("every-10s", T0.AddSeconds(seconds));

    private ScheduleState Ask(IActorRef entity, IScheduleMessage message)
    {
        entity.Tell(message);
        return ExpectMsg<ScheduleProtocol.ScheduleReply>(TimeSpan.FromSeconds(10)).State;
    }

    [Fact]
    public void Its_timer_fires_each_occurrence_once_under_its_key()
    {
        var entity = Start();
        Ask(entity, new ScheduleProtocol.PutSchedule("every-10s", Spec()));

        _clock.Advance(TimeSpan.FromSeconds(10));
        AwaitAssert(() => Assert.Equal([Key(10)], _tasks.Keys), TimeSpan.FromSeconds(5));
        AwaitAssert(() => Assert.Equal(1, Ask(entity, new ScheduleProtocol.GetSchedule("every-10s")).Fired), TimeSpan.FromSeconds(5));
        _clock.Advance(TimeSpan.FromSeconds(10));

        AwaitAssert(() => Assert.Equal([Key(10), Key(20)], _tasks.Keys), TimeSpan.FromSeconds(5));
        Assert.All(_tasks.Submissions.Values, count => Assert.Equal(1, count));
    }

    [Fact]
    public void After_a_restart_it_recovers_its_next_due_time_and_catch_up_all_fires_every_missed_occurrence_once()
    {
        var entity = Start();
        Ask(entity, new ScheduleProtocol.PutSchedule("every-10s", Spec(ScheduleCatchUp.All)));
        _clock.Advance(TimeSpan.FromSeconds(10));
        AwaitAssert(() => Assert.Equal(1, Ask(entity, new ScheduleProtocol.GetSchedule("every-10s")).Fired), TimeSpan.FromSeconds(5));
        StopAndWait(entity);

        _clock.Advance(TimeSpan.FromSeconds(60));
        var restarted = Start();

        AwaitAssert(() => Assert.Equal(7, Ask(restarted, new ScheduleProtocol.GetSchedule("every-10s")).Fired), TimeSpan.FromSeconds(10));
        Assert.Equal([Key(10), Key(20), Key(30), Key(40), Key(50), Key(60), Key(70)], _tasks.Keys);
        Assert.All(_tasks.Submissions.Values, count => Assert.Equal(1, count));
        Assert.Equal(T0.AddSeconds(70), Ask(restarted, new ScheduleProtocol.GetSchedule("every-10s")).Cursor);
    }

    [Fact]
    public void After_a_restart_catch_up_latest_fires_the_newest_missed_occurrence_and_records_the_rest_missed()
    {
        var entity = Start();
        Ask(entity, new ScheduleProtocol.PutSchedule("every-10s", Spec(ScheduleCatchUp.Latest)));
        StopAndWait(entity);

        _clock.Advance(TimeSpan.FromSeconds(67));
        var restarted = Start();

        AwaitAssert(() => Assert.Equal(1, Ask(restarted, new ScheduleProtocol.GetSchedule("every-10s")).Fired), TimeSpan.FromSeconds(10));
        var state = Ask(restarted, new ScheduleProtocol.GetSchedule("every-10s"));
        Assert.Equal([Key(60)], _tasks.Keys);
        Assert.Equal(5, state.Recent.Single(r => r.Kind == "missed").Count);
    }

    [Fact]
    public void A_trigger_answers_with_its_task_and_a_paused_schedule_fires_nothing_until_resumed()
    {
        var entity = Start();
        Ask(entity, new ScheduleProtocol.PutSchedule("every-10s", Spec()));
        Assert.True(Ask(entity, new ScheduleProtocol.PauseSchedule("every-10s")).Paused);

        var triggered = Ask(entity, new ScheduleProtocol.TriggerSchedule("every-10s"));
        Assert.Equal(TaskIds.FromIdempotencyKey(ScheduleKeys.Trigger("every-10s", T0)), triggered.LastTaskId);
        _clock.Advance(TimeSpan.FromSeconds(30));
        Ask(entity, new ScheduleProtocol.GetSchedule("every-10s"));
        Assert.Equal([ScheduleKeys.Trigger("every-10s", T0)], _tasks.Keys);

        Ask(entity, new ScheduleProtocol.ResumeSchedule("every-10s"));
        _clock.Advance(TimeSpan.FromSeconds(10));
        AwaitAssert(() => Assert.Contains(Key(40), _tasks.Keys), TimeSpan.FromSeconds(5));
        Assert.DoesNotContain(Key(10), _tasks.Keys);
    }

    [Fact]
    public void A_deleted_schedule_answers_not_found_and_its_timer_fires_no_more()
    {
        var entity = Start();
        Ask(entity, new ScheduleProtocol.PutSchedule("every-10s", Spec()));
        entity.Tell(new ScheduleProtocol.DeleteSchedule("every-10s"));
        ExpectMsg<ScheduleProtocol.ScheduleReply>();

        _clock.Advance(TimeSpan.FromSeconds(30));
        entity.Tell(new ScheduleProtocol.GetSchedule("every-10s"));

        Assert.Equal(ScheduleProblems.NotFound, ExpectMsg<ScheduleProtocol.ScheduleReply>().Problem);
        Assert.Empty(_tasks.Keys);
    }

    /// <summary>Counts submissions per idempotency key; ids as the task client derives them.</summary>
    private sealed class RecordingTasks : IScheduleTasks
    {
        public ConcurrentDictionary<string, int> Submissions { get; } = new();

        public IReadOnlyList<string> Keys => Submissions.Keys.Order(StringComparer.Ordinal).ToArray();

        public Task<string> SubmitAsync(ScheduleSpec spec, string idempotencyKey, CancellationToken cancellation = default)
        {
            Submissions.AddOrUpdate(idempotencyKey, 1, (_, n) => n + 1);
            return Task.FromResult(TaskIds.FromIdempotencyKey(idempotencyKey));
        }

        public Task<bool> IsFinishedAsync(string taskId, CancellationToken cancellation = default) => Task.FromResult(true);
    }
}
