using Akka.Actor;
using FaultTolerantRunner.Tasks;
using FaultTolerantRunner.Tests.Support;
using Xunit.Abstractions;
using TaskStatus = FaultTolerantRunner.Tasks.TaskStatus;

namespace FaultTolerantRunner.Tests.Tasks;

/// <summary>
/// The slot queue is not journaled beyond each task's wait: after a restart (fresh entities, a fresh keeper) every unfinished
/// task asks again, so the queue is derived from the journal, and a waiting task still has consumed no attempt.
/// </summary>
public sealed class AttemptSlotRestartSpecs(ITestOutputHelper output) : SqliteTaskSpec("attempt-slot-restart", output)
{
    private static TaskRuntime OneSlot() => TestSystems.Runtime() with { Slots = new AttemptSlots(1) };

    [Fact]
    public void A_task_waiting_for_a_slot_waits_again_after_a_restart_and_starts_when_the_holder_stops()
    {
        var before = OneSlot();
        var (holder, holderId) = Submit(before, TestSystems.Spec("sleep", """{"ms":60000}"""));
        AwaitStatus(holder, holderId, TaskStatus.Running);
        var (waiter, waiterId) = Submit(before, TestSystems.Spec("sleep", """{"ms":10}"""));
        Assert.Empty(AwaitStatus(waiter, waiterId, TaskStatus.WaitingForResource).Attempts);
        Assert.Equal(1, before.Slots.Of("sleep").Waiting);

        StopAndWait(waiter);
        StopAndWait(holder);
        var after = OneSlot();
        var holderAgain = Sys.ActorOf(TaskEntity.Props(holderId, after));
        AwaitAssert(() => // its interrupted attempt runs again (attempt 2) and takes the one slot
        {
            holderAgain.Tell(new TaskProtocol.GetTask(holderId));
            Assert.Equal(2, ExpectMsg<TaskState>().OpenAttempt?.Number);
        }, TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(50));
        var waiterAgain = Sys.ActorOf(TaskEntity.Props(waiterId, after));

        var stillWaiting = AwaitStatus(waiterAgain, waiterId, TaskStatus.WaitingForResource);
        Assert.Empty(stillWaiting.Attempts);
        AwaitAssert(() => Assert.Equal(1, after.Slots.Of("sleep").Waiting), TimeSpan.FromSeconds(5));
        StopAndWait(holderAgain); // its slot goes to the next in line
        var done = AwaitStatus(waiterAgain, waiterId, TaskStatus.Succeeded, TimeSpan.FromSeconds(10));
        Assert.Equal("succeeded", Assert.Single(done.Attempts).Outcome);
        Assert.Single(done.History, h => h.Event == "waiting-for-resource");
    }

    private void StopAndWait(IActorRef entity)
    {
        Watch(entity);
        Sys.Stop(entity);
        ExpectTerminated(entity);
    }
}
