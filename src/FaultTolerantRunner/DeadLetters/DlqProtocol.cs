using FaultTolerantRunner.Serialization;
using FaultTolerantRunner.Tasks;

namespace FaultTolerantRunner.DeadLetters;

/// <summary>What the dead-letter queue asks of a dead-lettered task's entity; routed by task id like every task message.</summary>
public static class DlqProtocol
{
    /// <summary>Run a dead-lettered task again with a fresh retry budget; answered with <see cref="DlqResult"/>.</summary>
    public sealed record RequeueTask(string TaskId, string Reason) : ITaskMessage;

    /// <summary>Remove a dead-lettered task from the queue (its history stays); answered with <see cref="DlqResult"/>.</summary>
    public sealed record PurgeTask(string TaskId, string Reason) : ITaskMessage;

    /// <summary><paramref name="Done"/> is false when the task was not in the dead-letter queue.</summary>
    public sealed record DlqResult(TaskState Task, bool Done) : IFtrSerializable;
}
