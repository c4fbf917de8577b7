namespace FaultTolerantRunner.Tasks;

/// <summary>Registry key for the task shard region (<c>IRequiredActor&lt;TaskRegion&gt;</c>).</summary>
public sealed class TaskRegion;
