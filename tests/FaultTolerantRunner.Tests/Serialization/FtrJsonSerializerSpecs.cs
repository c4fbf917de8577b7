using Akka.Actor;
using Akka.TestKit.Xunit2;
using FaultTolerantRunner.Serialization;
using FaultTolerantRunner.Tasks;
using FaultTolerantRunner.Tests.Support;

namespace FaultTolerantRunner.Tests.Serialization;

public sealed class FtrJsonSerializerSpecs() : TestKit(TestSystems.Sqlite(Path.Combine(Path.GetTempPath(), "ftr-serializer-unused.db")))
{
    private static readonly DateTimeOffset At = new(2026, 11, 23, 8, 0, 0, TimeSpan.FromHours(1));

    public static TheoryData<object> Messages => new()
    {
        new TaskAccepted("abc", new TaskSpec("echo", """{"text":"hi"}""", "key-1", 30), At),
        new AttemptStarted(1, "akka.tcp://ftr@127.0.0.1:4053", At),
        new AttemptSucceeded(1, """{"ok":true}""", 12.5, At),
        new AttemptFailed(2, new TaskError("T", "m", "transient", "medium", "r", "d"), 3, At.AddSeconds(1), At),
        new AttemptInterrupted(3, "node died", At),
        new TaskFailed(new TaskError("T", "m", "permanent", "medium", null, null), At),
        new TaskCancelled("operator", At),
        new TaskProtocol.SubmitTask("abc", new TaskSpec("echo", "{}", null, null)),
        new TaskProtocol.GetTask("abc"),
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
    public void An_unknown_manifest_fails_with_a_clear_message()
    {
        var serializer = (FtrJsonSerializer)Sys.Serialization.FindSerializerFor(new TaskProtocol.GetTask("x"));

        var error = Assert.ThrowsAny<Exception>(() => serializer.FromBinary("{}"u8.ToArray(), "NoSuchEvent"));

        Assert.Contains("unknown FTR manifest 'NoSuchEvent'", error.Message);
    }
}
