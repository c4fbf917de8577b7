using Akka.Actor;
using Akka.Event;
using FaultTolerantRunner.Serialization;
using FaultTolerantRunner.Telemetry;

namespace FaultTolerantRunner.Supervision;

/// <summary>
/// The node-level supervisor for critical failures: a task entity escalates here, and the failing tool is
/// isolated on this node (intake refused) and a critical alert is raised until an operator re-enables it.
/// </summary>
public sealed class ToolGuardian : ReceiveActor
{
    public const string Name = "tool-guardian";

    public ToolGuardian(ToolIsolation isolation)
    {
        var log = Context.GetLogger();
        Receive<Escalated>(e =>
        {
            if (!isolation.Isolate(new IsolatedTool(e.Tool, e.Reason, e.TaskId, e.At))) return;
            RunnerMetrics.ToolIsolated(e.Tool);
            log.Error("CRITICAL: tool {0} isolated on this node after task {1} failed critically: {2}. " +
                      "New tasks for it are refused until an operator re-enables it (POST /api/tools/{0}/enable).", e.Tool, e.TaskId, e.Reason);
        });
    }

    public static Props Props(ToolIsolation isolation) => Akka.Actor.Props.Create(() => new ToolGuardian(isolation));

    /// <summary>A task's attempt failed with a critical error (from its entity, or from another node's notifier).</summary>
    public sealed record Escalated(string Tool, string TaskId, string Reason, DateTimeOffset At) : IFtrSerializable;
}
