using Akka.Actor;
using FaultTolerantRunner.Tasks;
using Xunit.Abstractions;
using TaskStatus = FaultTolerantRunner.Tasks.TaskStatus;

namespace FaultTolerantRunner.Tests.Support;

/// <summary>A TestKit spec over a fresh SQLite journal, with the task helpers every entity spec uses.</summary>
public abstract class SqliteTaskSpec(string systemName, ITestOutputHelper output) : SqliteSpec(systemName, output)
{
    /// <summary>The entity the last <see cref="Submit"/> or <see cref="Run"/> created.</summary>
    protected IActorRef LastEntity { get; private set; } = ActorRefs.Nobody;

    /// <summary>Creates an entity and submits the task; returns once its acceptance is journaled.</summary>
    protected (IActorRef Entity, string Id) Submit(TaskRuntime runtime, TaskSpec spec)
    {
        var id = TaskIds.New();
        LastEntity = Sys.ActorOf(TaskEntity.Props(id, runtime));
        LastEntity.Tell(new TaskProtocol.SubmitTask(id, spec));
        Assert.True(ExpectMsg<TaskProtocol.TaskSubmitted>().Created);
        return (LastEntity, id);
    }

    /// <summary>Submits and waits until the task reaches <paramref name="until"/>.</summary>
    protected TaskState Run(TaskRuntime runtime, TaskSpec spec, TaskStatus until, TimeSpan? within = null)
    {
        var (entity, id) = Submit(runtime, spec);
        return AwaitStatus(entity, id, until, within);
    }

    protected TaskState AwaitStatus(IActorRef entity, string id, TaskStatus status, TimeSpan? within = null)
    {
        TaskState? last = null;
        AwaitAssert(() =>
        {
            entity.Tell(new TaskProtocol.GetTask(id));
            last = ExpectMsg<TaskState>();
            Assert.Equal(status, last.Status);
        }, within ?? TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(50));
        return last!;
    }
}
