using Akka.Cluster.Sharding;
using FaultTolerantRunner.Serialization;

namespace FaultTolerantRunner.Tasks;

/// <summary>A message routed to one task entity by sharding.</summary>
public interface ITaskMessage : IFtrSerializable
{
    string TaskId { get; }
}

/// <summary>Messages the task entity answers; replies may cross nodes, so all are serializable.</summary>
public static class TaskProtocol
{
    /// <summary>Accept a validated task; answered with <see cref="TaskSubmitted"/> once the acceptance is journaled.</summary>
    public sealed record SubmitTask(string TaskId, TaskSpec Spec) : ITaskMessage;

    public sealed record TaskSubmitted(TaskState Task, bool Created) : IFtrSerializable;

    public sealed record GetTask(string TaskId) : ITaskMessage;

    public sealed record CancelTask(string TaskId, string Reason) : ITaskMessage;

    /// <summary>The reply to <see cref="CancelTask"/>; <paramref name="Cancelled"/> is false when the task had already ended.</summary>
    public sealed record CancelResult(TaskState Task, bool Cancelled) : IFtrSerializable;

    /// <summary>Wakes an entity so that an unfinished task resumes; sent on start-up for tasks the index knows to be unfinished.</summary>
    /// <param name="MemberLost">A member was removed: a live Awaiting task asks its pending predecessors again (one restarted there forgot it).</param>
    public sealed record WakeTask(string TaskId, bool MemberLost = false) : ITaskMessage;

    public sealed record TaskNotFound(string TaskId) : IFtrSerializable;

    /// <summary>To predecessor <paramref name="TaskId"/>: tell <paramref name="Successor"/> (through the region) when you end, or now if you have.</summary>
    public sealed record AwaitTask(string TaskId, string Successor) : ITaskMessage, TaskContinuations.IMessage;

    /// <summary>To successor <paramref name="TaskId"/>: its predecessor ended in <paramref name="Status"/> (null: it does not exist).</summary>
    public sealed record PredecessorEnded(string TaskId, string Predecessor, TaskStatus? Status) : ITaskMessage, TaskContinuations.IMessage;

}

/// <summary>Routes task messages to entities and shards by task id.</summary>
public sealed class TaskMessageExtractor(int maxShards) : HashCodeMessageExtractor(maxShards)
{
    public override string? EntityId(object message) => message switch
    {
        ITaskMessage m => m.TaskId,
        _ => null,
    };
}
