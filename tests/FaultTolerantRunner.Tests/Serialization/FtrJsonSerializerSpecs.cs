using Akka.Actor;
using Akka.TestKit.Xunit2;
using FaultTolerantRunner.Serialization;
using FaultTolerantRunner.Tasks;
using FaultTolerantRunner.Tests.Support;
using FaultTolerantRunner.Taxonomy;

namespace FaultTolerantRunner.Tests.Serialization;

public sealed class FtrJsonSerializerSpecs() : TestKit(TestSystems.Sqlite(Path.Combine(Path.GetTempPath(), "ftr-serializer-unused.db")))
{
    private static readonly DateTimeOffset At = new(2026, 11, 23, 8, 0, 0, TimeSpan.FromHours(1));

    public static TheoryData<object> Messages => new()
    {
        new TaskAccepted("abc", new TaskSpec("echo", """{"text":"hi"}""", "key-1", 30), At),
        new TaskAccepted("abc", new TaskSpec("echo", "{}", null, null, RunAt: At.AddMinutes(5)), At),
        new AttemptStarted(1, "akka.tcp://ftr@127.0.0.1:4053", At),
        new AttemptSucceeded(1, """{"ok":true}""", 12.5, At),
        new AttemptFailed(2, new TaskError("T", "m", ErrorCategory.Transient, Severity.Medium, "r", "d"), 3, At.AddSeconds(1), At),
        new AttemptInterrupted(3, "node died", At),
        new TaskFailed(new TaskError("T", "m", ErrorCategory.Permanent, Severity.Medium, null, null), At),
        new TaskCancelled("operator", At),
        new PredecessorReached("abc", FaultTolerantRunner.Tasks.TaskStatus.Degraded, At),
        new TaskReleased(At, At.AddMinutes(1)),
        new TaskProtocol.AwaitTask("abc", "def"),
        new TaskProtocol.PredecessorEnded("def", "abc", null),
        new TaskProtocol.SubmitTask("abc", new TaskSpec("echo", "{}", null, null)),
        new TaskProtocol.GetTask("abc"),
        // Relocation (recovery level 4): the attempt protocol crosses nodes, and the level and target are journaled.
        new AttemptStarted(5, "akka.tcp://ftr@127.0.0.1:4054", At, RecoveryLevel: 4),
        new RecoveryPlanned("f", 4, "relocate", "moved", At, RelocateTo: "akka.tcp://ftr@127.0.0.1:4054"),
        new AttemptsCameHome("akka.tcp://ftr@127.0.0.1:4054", "host stopped", At),
        new AttemptProtocol.Starting("abc"),
        new AttemptProtocol.Go(2, new TaskSpec("echo", "{}", null, null), TimeSpan.FromSeconds(30), new AttemptProtocol.BreakerGuard("svc", true, 3)),
        new AttemptProtocol.Failed(2, new TaskError("T", "m", ErrorCategory.Transient, Severity.Medium, "r", "d"),
            new Classification(ErrorCategory.Transient, Severity.Medium, true, FaultTolerantRunner.Taxonomy.Directive.Restart, "r"), TimeSpan.FromMilliseconds(12)),
        new AttemptProtocol.Heartbeat(2),
        new FaultTolerantRunner.Supervision.FailureVerdict(FaultTolerantRunner.Taxonomy.Directive.Restart, true, TimeSpan.FromSeconds(1), 1, "retry"),
    };

    [Theory]
    [MemberData(nameof(Messages))]
    public void Events_and_messages_round_trip_through_the_ftr_serializer(object message)
    {
        var serializer = Sys.Serialization.FindSerializerFor(message);
        Assert.IsType<FtrJsonSerializer>(serializer);

        var manifest = ((FtrJsonSerializer)serializer).Manifest(message);
        var back = ((FtrJsonSerializer)serializer).FromBinary(serializer.ToBinary(message), manifest);

        Assert.Equal(message, back);
    }

    [Fact]
    public void Task_state_round_trips_with_its_history()
    {
        var state = TaskState.Empty("abc")
            .Apply(new TaskAccepted("abc", TestSystems.Spec("echo"), At))
            .Apply(new AttemptStarted(1, "n", At));
        var serializer = (FtrJsonSerializer)Sys.Serialization.FindSerializerFor(state);

        var back = (TaskState)serializer.FromBinary(serializer.ToBinary(state), serializer.Manifest(state));

        Assert.Equal(state.History, back.History);
        Assert.Equal(state.Attempts, back.Attempts);
        Assert.Equal(state.Status, back.Status);
    }

    [Fact]
    public void Taxonomy_values_are_journaled_lower_case_as_before_and_rows_of_earlier_versions_read_back()
    {
        // As the journal held them when these fields were strings.
        var earlier = """{"attempt":2,"error":{"type":"T","message":"m","category":"transient","severity":"medium","rule":"r","details":null,"directive":"restart","fingerprint":"f","advice":null},"durationMs":3,"retryAt":null,"at":"2026-11-23T08:00:00+01:00","decision":null}"""u8.ToArray();
        var serializer = (FtrJsonSerializer)Sys.Serialization.FindSerializerFor(new TaskProtocol.GetTask("x"));

        var read = (AttemptFailed)serializer.FromBinary(earlier, nameof(AttemptFailed));
        var written = System.Text.Encoding.UTF8.GetString(serializer.ToBinary(read));

        Assert.Equal((ErrorCategory.Transient, Severity.Medium, (FaultTolerantRunner.Taxonomy.Directive?)FaultTolerantRunner.Taxonomy.Directive.Restart), (read.Error.Category, read.Error.Severity, read.Error.Directive));
        Assert.Contains("\"category\":\"transient\",\"severity\":\"medium\"", written);
        Assert.Contains("\"directive\":\"restart\"", written);
    }

    [Fact]
    public void Attempts_journaled_before_recovery_levels_were_recorded_read_back_without_one()
    {
        var earlier = """{"attempt":1,"node":"n","at":"2026-11-23T08:00:00+01:00","tool":null}"""u8.ToArray();
        var serializer = (FtrJsonSerializer)Sys.Serialization.FindSerializerFor(new TaskProtocol.GetTask("x"));

        var read = (AttemptStarted)serializer.FromBinary(earlier, nameof(AttemptStarted));

        Assert.Null(read.RecoveryLevel);
        Assert.Null(TaskState.Empty("x").Apply(read).Attempts.Single().RecoveryLevel);
    }

    [Fact]
    public void Acceptances_journaled_before_delays_read_back_as_tasks_that_run_at_once()
    {
        var earlier = """{"taskId":"x","spec":{"tool":"echo","parameters":"{}","idempotencyKey":null,"timeoutSeconds":null,"maxRetries":null,"deadlineSeconds":null,"priority":null},"at":"2026-11-23T08:00:00+01:00"}"""u8.ToArray();
        var serializer = (FtrJsonSerializer)Sys.Serialization.FindSerializerFor(new TaskProtocol.GetTask("x"));

        var read = (TaskAccepted)serializer.FromBinary(earlier, nameof(TaskAccepted));
        var state = TaskState.Empty("x").Apply(read);

        Assert.Null(read.Spec.RunAt);
        Assert.Equal((FaultTolerantRunner.Tasks.TaskStatus.Accepted, (DateTimeOffset?)null), (state.Status, state.NextAttemptAt));
    }

    [Fact]
    public void Acceptances_journaled_before_continuations_read_back_as_tasks_that_wait_for_nothing()
    {
        var earlier = """{"taskId":"x","spec":{"tool":"echo","parameters":"{}","idempotencyKey":null,"timeoutSeconds":null,"maxRetries":null,"deadlineSeconds":null,"priority":null,"runAt":null,"retry":null},"at":"2026-11-23T08:00:00+01:00"}"""u8.ToArray();
        var serializer = (FtrJsonSerializer)Sys.Serialization.FindSerializerFor(new TaskProtocol.GetTask("x"));

        var read = (TaskAccepted)serializer.FromBinary(earlier, nameof(TaskAccepted));

        Assert.Equal((null, null, false), (read.Spec.After, read.Spec.AfterCondition, read.Spec.Awaits));
        Assert.Equal(FaultTolerantRunner.Tasks.TaskStatus.Accepted, TaskState.Empty("x").Apply(read).Status);
    }

    [Fact]
    public void A_continuation_is_journaled_with_its_predecessors_and_condition()
    {
        var accepted = new TaskAccepted("x", new TaskSpec("echo", "{}", null, null, After: ["a", "b"], AfterCondition: AfterCondition.Finished), At);
        var serializer = (FtrJsonSerializer)Sys.Serialization.FindSerializerFor(accepted);

        var back = ((TaskAccepted)serializer.FromBinary(serializer.ToBinary(accepted), serializer.Manifest(accepted))).Spec;

        Assert.Equal(["a", "b"], back.After);
        Assert.Equal(AfterCondition.Finished, back.AfterCondition);
    }

    [Fact]
    public void A_tasks_own_retry_policy_is_journaled_with_its_categories_lower_case()
    {
        var retry = new TaskRetryPolicy(3, 0.5, 10, [ErrorCategory.External]);
        var accepted = new TaskAccepted("x", new TaskSpec("echo", "{}", null, null, Retry: retry), At);
        var serializer = (FtrJsonSerializer)Sys.Serialization.FindSerializerFor(accepted);

        var bytes = serializer.ToBinary(accepted);
        var back = ((TaskAccepted)serializer.FromBinary(bytes, serializer.Manifest(accepted))).Spec.Retry!;

        Assert.Equal((3, 0.5, 10.0), (back.MaxAttempts, back.BaseDelaySeconds, back.MaxDelaySeconds));
        Assert.Equal([ErrorCategory.External], back.NonRetryableCategories!);
        Assert.Contains("\"nonRetryableCategories\":[\"external\"]", System.Text.Encoding.UTF8.GetString(bytes));
    }

    [Fact]
    public void An_unknown_manifest_fails_with_a_clear_message()
    {
        var serializer = (FtrJsonSerializer)Sys.Serialization.FindSerializerFor(new TaskProtocol.GetTask("x"));

        var error = Assert.ThrowsAny<Exception>(() => serializer.FromBinary("{}"u8.ToArray(), "NoSuchEvent"));

        Assert.Contains("unknown FTR manifest 'NoSuchEvent'", error.Message);
    }
}
